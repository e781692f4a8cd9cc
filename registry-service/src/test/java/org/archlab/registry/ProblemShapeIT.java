package org.archlab.registry;

import org.archlab.testsupport.ProblemProbe;
import org.archlab.testsupport.ProblemShapeContract;
import org.archlab.testsupport.RealPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.archlab.testsupport.ProblemProbe.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input at the registry's own port gets the platform's one problem shape, every offending field named. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "archlab.web.limits.max-request-body=64KB")
@RealPostgres(database = "registry_problems")
class ProblemShapeIT implements ProblemShapeContract {

    @LocalServerPort
    int port;

    @Override
    public JsonEndpoint jsonEndpoint() {
        return new JsonEndpoint(port, "/api/v1/architectures", "{\"name\": \"x\", \"spec\": {\"layers\": %s}}", "spec.layers", 64 * 1024);
    }

    @Test
    void a_large_import_is_not_held_to_the_api_limit() {
        var config = "{\"model_type\": \"qwen3\", \"padding\": \"" + "x".repeat(70 * 1024) + "\"}";
        assertProblem(import_("big-config", config), 422, "invalid_config");
    }

    @Test
    void a_config_with_two_problems_names_both() {
        var answer = import_("two-problems", "{\"model_type\": \"qwen3\", \"hidden_size\": -8, \"vocab_size\": 32,"
                + " \"num_attention_heads\": 2, \"max_position_embeddings\": 64}");

        assertProblem(answer, 422, "invalid_config");
        assertThat(answer.fields()).contains("hidden_size", "num_hidden_layers");
    }

    @Test
    void a_dtype_parameter_is_read_in_any_case() {
        var probe = new ProblemProbe(port);
        var answer = probe.get("/api/v1/architectures/qwen3-0.6b/analysis?kvDtype=q8_0");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertProblem(probe.get("/api/v1/architectures/qwen3-0.6b/analysis?kvDtype=BOGUS"), 400, "invalid_parameter", "kvDtype");
    }

    private ProblemProbe.Answer import_(String name, String config) {
        return new ProblemProbe(port).send("POST", "/api/v1/architectures/import?format=hf-config&name=" + name, "application/json", config);
    }
}
