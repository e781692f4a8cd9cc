package org.archlab.registry.architectures;

import org.archlab.architecture.hf.HfConfigExporter;
import org.archlab.architecture.spec.AttentionKind;
import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/** The architectures API: list, read, register, revise, archive, derive variants, export config.json. */
@RestController
@RequestMapping("/api/v1/architectures")
class ArchitectureController {

    private static final Pattern ETAG = Pattern.compile("(?:W/)?\"([^\"@]+)@(\\d+)\"");
    private static final int MAX_PAGE = 200;

    private final ArchitectureStore registry;

    ArchitectureController(ArchitectureStore registry) {
        this.registry = registry;
    }

    @GetMapping
    ArchitectureView.Page<ArchitectureView.Summary> list(
            @RequestParam(required = false) String family,
            @RequestParam(required = false) AttentionKind attention,
            @RequestParam(required = false) Boolean moe,
            @RequestParam(defaultValue = "false") boolean archived,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) String cursor) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "limit", "must be between 1 and " + MAX_PAGE);
        }
        List<Architecture> page = registry.list(new ArchitectureFilter(family, attention, moe, archived), decode(cursor), limit + 1);
        boolean more = page.size() > limit;
        List<Architecture> items = more ? page.subList(0, limit) : page;
        String next = more ? encode(items.getLast().name()) : null;
        return new ArchitectureView.Page<>(items.stream().map(ArchitectureView.Summary::of).toList(), next);
    }

    @GetMapping("/{name}")
    ResponseEntity<ArchitectureView> get(@PathVariable String name, @RequestParam(required = false) Integer revision) {
        Architecture a = registry.get(name, revision);
        return ResponseEntity.ok().eTag(a.etag()).body(ArchitectureView.of(a));
    }

    @GetMapping("/{name}/revisions")
    List<ArchitectureView> revisions(@PathVariable String name) {
        return registry.revisions(name).stream().map(ArchitectureView::of).toList();
    }

    @GetMapping("/{name}/hf-config")
    JsonNode hfConfig(@PathVariable String name, @RequestParam(required = false) Integer revision) {
        return HfConfigExporter.export(registry.get(name, revision).spec());
    }

    @PostMapping
    ResponseEntity<ArchitectureView> register(@RequestBody JsonNode body) {
        SpecBodies.onlyFields(body, "name", "spec");
        Architecture a = registry.register(SpecBodies.text(body, "name"), SpecBodies.spec(body, "spec"), "user");
        return created(a);
    }

    @PutMapping("/{name}")
    ResponseEntity<ArchitectureView> revise(@PathVariable String name, @RequestHeader(value = "If-Match", required = false) String ifMatch,
                                            @RequestBody JsonNode body) {
        if (ifMatch == null) {
            throw ApiProblem.field(HttpStatus.PRECONDITION_REQUIRED, "If-Match",
                    "send the ETag of the revision you edited, so concurrent edits cannot overwrite each other");
        }
        var matcher = ETAG.matcher(ifMatch.trim());
        if (!matcher.matches() || !matcher.group(1).equals(name)) {
            throw ApiProblem.field(HttpStatus.PRECONDITION_FAILED, "If-Match", "'" + ifMatch + "' is not an ETag of '" + name + "'");
        }
        SpecBodies.onlyFields(body, "spec");
        Architecture a = registry.revise(name, Integer.parseInt(matcher.group(2)), SpecBodies.spec(body, "spec"));
        return ResponseEntity.ok().eTag(a.etag()).body(ArchitectureView.of(a));
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> archive(@PathVariable String name) {
        registry.archive(name);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{name}/variants")
    ResponseEntity<ArchitectureView> variant(@PathVariable String name, @RequestBody JsonNode body) {
        SpecBodies.onlyFields(body, "name", "overrides");
        return created(registry.variant(name, SpecBodies.text(body, "name"), body.get("overrides")));
    }

    /**
     * The scaled variant the body asks for (explicit layers and experts, or the largest that fits a memory budget at a
     * context and batch), derived from the latest revision: 201 when registered now, 200 when it already was (or when the
     * architecture fits whole and is its own answer, without {@code scaling}).
     */
    @PostMapping("/{name}/scaled-variants")
    ResponseEntity<ArchitectureView> scaled(@PathVariable String name, @RequestBody JsonNode body) {
        var derived = registry.scaled(name, ScaleRequest.read(body));
        Architecture a = derived.architecture();
        return derived.created() ? created(a) : ResponseEntity.ok().eTag(a.etag()).body(ArchitectureView.of(a));
    }

    static ResponseEntity<ArchitectureView> created(Architecture a) {
        return ResponseEntity.created(URI.create("/api/v1/architectures/" + a.name())).eTag(a.etag()).body(ArchitectureView.of(a));
    }

    private static String encode(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "cursor", "is not a cursor this API returned");
        }
    }
}
