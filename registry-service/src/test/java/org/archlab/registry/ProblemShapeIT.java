package org.archlab.registry;

import org.archlab.testsupport.ProblemProbe;
import org.archlab.testsupport.RealPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.archlab.testsupport.ProblemProbe.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input at the registry's own port gets the platform's one problem shape, every offending field named. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "archlab.web.limits.max-request-body=64KB")
@RealPostgres(database = "registry_problems")
class ProblemShapeIT {

    @LocalServerPort
    int port;

    ProblemProbe probe;

    @BeforeEach
    void probe() {
        probe = new ProblemProbe(port);
    }

    @Test
    void malformed_json_names_where_it_broke() {
        assertProblem(probe.post("/api/v1/architectures", "{\"name\": \"x\", \"spec\": {\"layers\": tru}}"), 400, "malformed_json", "spec.layers");
    }

    @Test
    void an_unknown_field_is_named() {
        assertProblem(probe.post("/api/v1/architectures", "{\"name\": \"x\", \"spec\": {}, \"colour\": 1}"), 400, "unknown_field", "colour");
    }

    @Test
    void a_repeated_key_is_named() {
        assertProblem(probe.post("/api/v1/architectures", "{\"name\": \"x\", \"name\": \"y\", \"spec\": {}}"), 400, "duplicate_key", "name");
    }

    @Test
    void a_fraction_where_an_integer_is_meant_is_named() {
        assertProblem(probe.post("/api/v1/architectures", "{\"name\": \"x\", \"spec\": {\"layers\": 1.5}}"), 400, "invalid_value", "spec.layers");
    }

    @Test
    void an_unknown_path_is_404_not_an_html_page() {
        assertProblem(probe.get("/api/v1/nothing-here"), 404, "not_found");
    }

    @Test
    void a_method_the_path_does_not_serve_is_405() {
        assertProblem(probe.send("PATCH", "/api/v1/architectures", "application/json", "{}"), 405, "method_not_allowed");
    }

    @Test
    void a_body_that_is_not_json_is_415() {
        assertProblem(probe.send("POST", "/api/v1/architectures", "text/plain", "name=x"), 415, "unsupported_media_type");
    }

    @Test
    void a_body_over_the_limit_is_413() {
        assertProblem(probe.post("/api/v1/architectures", ProblemProbe.jsonOfSize(70 * 1024)), 413, "request_too_large", "body");
    }

    @Test
    void a_large_import_is_not_held_to_the_api_limit() {
        var config = "{\"model_type\": \"qwen3\", \"padding\": \"" + "x".repeat(70 * 1024) + "\"}";
        assertProblem(probe.send("POST", "/api/v1/architectures/import?format=hf-config&name=big-config", "application/json", config),
                422, "invalid_config");
    }

    @Test
    void a_config_with_two_problems_names_both() {
        var config = "{\"model_type\": \"qwen3\", \"hidden_size\": -8, \"vocab_size\": 32, \"num_attention_heads\": 2,"
                + " \"max_position_embeddings\": 64}";
        var answer = probe.send("POST", "/api/v1/architectures/import?format=hf-config&name=two-problems", "application/json", config);

        assertProblem(answer, 422, "invalid_config");
        assertThat(answer.fields()).contains("hidden_size", "num_hidden_layers");
    }

    @Test
    void a_dtype_parameter_is_read_in_any_case() {
        var answer = probe.get("/api/v1/architectures/qwen3-0.6b/analysis?kvDtype=q8_0");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertProblem(probe.get("/api/v1/architectures/qwen3-0.6b/analysis?kvDtype=BOGUS"), 400, "invalid_parameter", "kvDtype");
    }
}
