package org.archlab.registry.imports;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.connector.ClientAbortException;
import org.archlab.architecture.gguf.GgufHeaderReader;
import org.archlab.architecture.gguf.GgufSpecImporter;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.registry.architectures.Architecture;
import org.archlab.registry.architectures.ArchitectureStore;
import org.archlab.registry.architectures.ArchitectureView;
import org.archlab.problems.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Imports an architecture from a Hugging Face config.json or from a GGUF file. A GGUF body is streamed
 * and only its header is read (bounded), so uploading a multi-gigabyte checkpoint costs its header: the answer
 * goes out as soon as the header is in, and the connection closes after it, so the client stops sending the rest.
 */
@RestController
@RequestMapping("/api/v1/architectures/import")
class ImportController {

    /** A config.json is a few kilobytes; anything bigger is not one. */
    private static final int MAX_CONFIG_BYTES = 1 << 20;

    private static final Logger log = LoggerFactory.getLogger(ImportController.class);

    private final ArchitectureStore registry;
    private final JsonMapper json;

    ImportController(ArchitectureStore registry, JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    @PostMapping
    ResponseEntity<?> importArchitecture(@RequestParam String format, @RequestParam String name,
                                         HttpServletRequest request) throws IOException {
        ArchitectureSpec spec;
        boolean restUnread;
        try (ServletInputStream body = request.getInputStream()) {
            spec = switch (format) {
                case "hf-config" -> HfConfigImporter.importConfig(readConfig(body));
                case "gguf" -> GgufSpecImporter.importHeader(GgufHeaderReader.read(body));
                default -> throw ApiProblem.field(HttpStatus.BAD_REQUEST, "format", "must be hf-config or gguf");
            };
            restUnread = !body.isFinished();
        } catch (ClientAbortException gone) {
            // The client hung up mid-upload: nothing failed here, and nobody is left to read an answer.
            log.info("Import of '{}' ({}) abandoned by its client before the header was read: {}", name, format, gone.getMessage());
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).build();
        }
        Architecture a = registry.register(name, spec, "import");
        var created = ResponseEntity.created(URI.create("/api/v1/architectures/" + a.name())).eTag(a.etag());
        if (!restUnread) {
            return created.body(ArchitectureView.of(a));
        }
        // Only the header was wanted and the client may still be sending gigabytes. The answer says the connection
        // ends with it and carries its length, so the client holds all of it before the connection closes; Tomcat
        // meanwhile reads and drops what keeps coming (up to server.tomcat.max-swallow-size) instead of resetting the
        // connection at once, which could destroy the answer before the client has read it.
        byte[] view = json.writeValueAsBytes(ArchitectureView.of(a));
        return created.header(HttpHeaders.CONNECTION, "close").contentType(MediaType.APPLICATION_JSON).contentLength(view.length).body(view);
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
