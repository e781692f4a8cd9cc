package org.archlab.registry.imports;

import jakarta.servlet.http.HttpServletRequest;
import org.archlab.architecture.gguf.GgufHeaderReader;
import org.archlab.architecture.gguf.GgufSpecImporter;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.registry.architectures.Architecture;
import org.archlab.registry.architectures.ArchitectureStore;
import org.archlab.registry.architectures.ArchitectureView;
import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Imports an architecture from a Hugging Face config.json or from a GGUF file. A GGUF body is streamed
 * and only its header is read (bounded), so uploading a multi-gigabyte checkpoint costs its header.
 */
@RestController
@RequestMapping("/api/v1/architectures/import")
class ImportController {

    /** A config.json is a few kilobytes; anything bigger is not one. */
    private static final int MAX_CONFIG_BYTES = 1 << 20;

    private final ArchitectureStore registry;

    ImportController(ArchitectureStore registry) {
        this.registry = registry;
    }

    @PostMapping
    ResponseEntity<ArchitectureView> importArchitecture(@RequestParam String format, @RequestParam String name,
                                                        HttpServletRequest request) throws IOException {
        ArchitectureSpec spec;
        try (InputStream body = request.getInputStream()) {
            spec = switch (format) {
                case "hf-config" -> HfConfigImporter.importConfig(readConfig(body));
                case "gguf" -> GgufSpecImporter.importHeader(GgufHeaderReader.read(body));
                default -> throw ApiProblem.field(HttpStatus.BAD_REQUEST, "format", "must be hf-config or gguf");
            };
        }
        Architecture a = registry.register(name, spec, "import");
        return ResponseEntity.created(URI.create("/api/v1/architectures/" + a.name())).eTag(a.etag()).body(ArchitectureView.of(a));
    }

    private static tools.jackson.databind.JsonNode readConfig(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_CONFIG_BYTES + 1);
        if (bytes.length > MAX_CONFIG_BYTES) {
            throw ApiProblem.field(HttpStatus.CONTENT_TOO_LARGE, "body", "a config.json larger than 1 MiB is not accepted");
        }
        try {
            return SpecJson.mapper().readTree(bytes);
        } catch (JacksonException e) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "body", "malformed JSON: " + e.getOriginalMessage());
        }
    }
}
