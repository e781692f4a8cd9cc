package org.archlab.inference.server;

import org.archlab.testsupport.ProblemProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.archlab.testsupport.ProblemProbe.assertProblem;

/** Bad input on the platform API, at the service's own port, gets the platform's one problem shape. */
class ProblemShapeIT extends RunningServer {

    ProblemProbe probe;

    @BeforeEach
    void probe() {
        probe = new ProblemProbe(port);
    }

    @Test
    void malformed_json_names_where_it_broke() {
        assertProblem(probe.post("/api/v1/models", "{\"name\": \"x\", \"path\": tru}"), 400, "malformed_json", "path");
    }

    @Test
    void an_unknown_field_is_named() {
        assertProblem(probe.post("/api/v1/models", "{\"name\": \"x\", \"path\": \"/models/x.gguf\", \"colour\": 1}"),
                400, "unknown_field", "colour");
    }

    @Test
    void a_repeated_key_is_named() {
        assertProblem(probe.post("/api/v1/models", "{\"name\": \"x\", \"name\": \"y\", \"path\": \"/models/x.gguf\"}"),
                400, "duplicate_key", "name");
    }

    @Test
    void a_fraction_where_an_integer_is_meant_is_named() {
        assertProblem(probe.post("/api/v1/runs", "{\"model\": \"" + LLAMA + "\", \"promptTokens\": 1.5}"), 400, "invalid_value", "promptTokens");
    }

    @Test
    void an_unknown_path_is_404_not_an_html_page() {
        assertProblem(probe.get("/api/v1/nothing-here"), 404, "not_found");
    }

    @Test
    void a_method_the_path_does_not_serve_is_405() {
        assertProblem(probe.send("PATCH", "/api/v1/models", "application/json", "{}"), 405, "method_not_allowed");
    }

    @Test
    void a_body_that_is_not_json_is_415() {
        assertProblem(probe.send("POST", "/api/v1/models", "text/plain", "name=x"), 415, "unsupported_media_type");
    }

    @Test
    void a_body_over_the_limit_is_413() {
        assertProblem(probe.post("/api/v1/models", ProblemProbe.jsonOfSize(70 * 1024)), 413, "request_too_large", "body");
    }
}
