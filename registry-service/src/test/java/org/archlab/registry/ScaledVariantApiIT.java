package org.archlab.registry;

import org.archlab.testsupport.RealPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/v1/architectures/{name}/scaled-variants}: scaled variants as revision-tracked variants with their scaling. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealPostgres(database = "registry_scaled")
class ScaledVariantApiIT {

    private static final long EIGHT_GIB = 8L << 30;

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void an_explicit_scaling_registers_a_variant_that_records_what_it_kept_and_asking_again_returns_it() {
        String parent = userCopyOf("deepseek-v3");
        var first = api.post("/api/v1/architectures/" + parent + "/scaled-variants", "{\"layers\":8,\"experts\":32}");
        assertThat(first.status()).isEqualTo(201);
        JsonNode variant = first.json();
        assertThat(variant.get("name").stringValue()).isEqualTo(parent + "-scaled-8l-32e");
        assertThat(variant.get("source").stringValue()).isEqualTo("variant");
        assertThat(variant.get("derivedFrom").stringValue()).isEqualTo(parent + "@1");
        assertThat(variant.get("scaling").get("layers").intValue()).isEqualTo(8);
        assertThat(variant.get("scaling").get("totalLayers").intValue()).isEqualTo(61);
        assertThat(variant.get("scaling").get("experts").intValue()).isEqualTo(32);
        assertThat(variant.get("scaling").get("totalExperts").intValue()).isEqualTo(256);
        assertThat(variant.get("spec").get("hiddenSize").intValue()).isEqualTo(7168);
        assertThat(variant.get("spec").get("moe").get("topK").intValue()).isEqualTo(8);

        var again = api.post("/api/v1/architectures/" + parent + "/scaled-variants", "{\"layers\":8,\"experts\":32}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("revision").intValue()).isEqualTo(1);
        var read = api.get("/api/v1/architectures/" + parent + "-scaled-8l-32e").json();
        assertThat(read.get("scaling")).isEqualTo(variant.get("scaling"));
        assertThat(api.get("/api/v1/architectures/" + parent + "-scaled-8l-32e/analysis?context=4096").status()).isEqualTo(200);
    }

    @Test
    void fit_takes_the_largest_variant_within_the_budget_at_the_context() {
        String parent = userCopyOf("gemma-3-27b");
        var fitted = api.post("/api/v1/architectures/" + parent + "/scaled-variants",
                "{\"fit\":{\"budgetBytes\":" + EIGHT_GIB + ",\"context\":32768,\"weightDtype\":\"Q8_0\"}}");
        assertThat(fitted.status()).isEqualTo(201);
        String name = fitted.json().get("name").stringValue();
        int layers = fitted.json().get("scaling").get("layers").intValue();
        assertThat(layers % 6).as("whole cycles of 5 sliding : 1 full").isZero();
        assertThat(bytes(name, 32768)).isLessThanOrEqualTo(EIGHT_GIB);
        // One more cycle of layers would not fit.
        var larger = api.post("/api/v1/architectures/" + parent + "/scaled-variants", "{\"layers\":" + (layers + 6) + "}").json();
        assertThat(bytes(larger.get("name").stringValue(), 32768)).isGreaterThan(EIGHT_GIB);
    }

    @Test
    void fit_at_a_batch_leaves_room_for_a_cache_per_sequence_so_keeps_fewer_layers_and_experts() {
        String parent = userCopyOf("qwen3-235b-a22b");
        String fit = "{\"fit\":{\"budgetBytes\":" + EIGHT_GIB + ",\"context\":4096,\"weightDtype\":\"Q8_0\"%s}}";
        JsonNode single = api.post("/api/v1/architectures/" + parent + "/scaled-variants", fit.formatted("")).json();
        var batched = api.post("/api/v1/architectures/" + parent + "/scaled-variants", fit.formatted(",\"batch\":32"));

        assertThat(batched.status()).isEqualTo(201);
        JsonNode scaling = batched.json().get("scaling");
        assertThat(scaling.get("layers").intValue()).isLessThan(single.get("scaling").get("layers").intValue());
        assertThat(scaling.get("experts").intValue()).isLessThan(single.get("scaling").get("experts").intValue());
        String name = batched.json().get("name").stringValue();
        assertThat(weightBytes(name) + 32 * kvBytes(name, 4096)).isLessThanOrEqualTo(EIGHT_GIB);
        String batchOne = single.get("name").stringValue();
        assertThat(weightBytes(batchOne) + 32 * kvBytes(batchOne, 4096)).as("the batch-1 fit, 32 times over").isGreaterThan(EIGHT_GIB);
        // "batch": 1 is the default spelled out: the same variant, already registered.
        var explicitOne = api.post("/api/v1/architectures/" + parent + "/scaled-variants", fit.formatted(",\"batch\":1"));
        assertThat(explicitOne.status()).isEqualTo(200);
        assertThat(explicitOne.json().get("name").stringValue()).isEqualTo(batchOne);
    }

    @Test
    void an_architecture_that_fits_whole_is_its_own_answer_without_scaling() {
        var whole = api.post("/api/v1/architectures/qwen3-0.6b/scaled-variants",
                "{\"fit\":{\"budgetBytes\":" + EIGHT_GIB + ",\"context\":4096}}");
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.json().get("name").stringValue()).isEqualTo("qwen3-0.6b");
        assertThat(whole.json().has("scaling")).isFalse();
    }

    @Test
    void revising_the_parent_adds_a_revision_of_the_variant_derived_from_the_new_one() {
        String parent = userCopyOf("qwen3-0.6b");
        var first = api.post("/api/v1/architectures/" + parent + "/scaled-variants", "{\"layers\":4}").json();
        ObjectNode spec = (ObjectNode) api.get("/api/v1/architectures/" + parent).json().get("spec");
        spec.put("vocabSize", 151_000);
        assertThat(api.put("/api/v1/architectures/" + parent, "{\"spec\":" + spec + "}", Map.of("If-Match", "\"" + parent + "@1\""))
                .status()).isEqualTo(200);

        var second = api.post("/api/v1/architectures/" + parent + "/scaled-variants", "{\"layers\":4}");
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("name")).isEqualTo(first.get("name"));
        assertThat(second.json().get("revision").intValue()).isEqualTo(2);
        assertThat(second.json().get("derivedFrom").stringValue()).isEqualTo(parent + "@2");
        assertThat(second.json().get("spec").get("vocabSize").intValue()).isEqualTo(151_000);
        assertThat(api.get("/api/v1/architectures/" + first.get("name").stringValue() + "?revision=1").json()
                .get("spec").get("vocabSize").intValue()).isEqualTo(151_936);
    }

    @Test
    void a_budget_below_the_smallest_variant_is_refused_naming_the_architecture() {
        var refused = api.post("/api/v1/architectures/deepseek-v3/scaled-variants", "{\"fit\":{\"budgetBytes\":1000000,\"context\":4096}}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").stringValue()).isEqualTo("fit.budgetBytes");
        assertThat(refused.json().get("errors").get(0).get("message").stringValue()).contains("'deepseek-v3' cannot fit 1000000 bytes even scaled");
    }

    @Test
    void bad_scalings_name_the_field() {
        assertThat(field(api.post("/api/v1/architectures/qwen3-0.6b/scaled-variants", "{\"layers\":0}"))).isEqualTo("layers");
        assertThat(field(api.post("/api/v1/architectures/qwen3-0.6b/scaled-variants", "{\"layers\":2,\"fit\":{}}"))).isEqualTo("fit");
        assertThat(field(api.post("/api/v1/architectures/qwen3-0.6b/scaled-variants", "{\"fit\":{\"context\":4096}}"))).isEqualTo("fit.budgetBytes");
        assertThat(field(api.post("/api/v1/architectures/qwen3-0.6b/scaled-variants",
                "{\"fit\":{\"budgetBytes\":100,\"context\":4096,\"weightDtype\":\"Q9\"}}"))).isEqualTo("fit.weightDtype");
        assertThat(field(api.post("/api/v1/architectures/qwen3-0.6b/scaled-variants",
                "{\"fit\":{\"budgetBytes\":100,\"context\":4096,\"batch\":0}}"))).isEqualTo("fit.batch");
        assertThat(field(api.post("/api/v1/architectures/qwen3-0.6b/scaled-variants",
                "{\"fit\":{\"budgetBytes\":100,\"context\":4096,\"batch\":\"4\"}}"))).isEqualTo("fit.batch");
        assertThat(field(api.post("/api/v1/architectures/qwen3-0.6b/scaled-variants",
                "{\"fit\":{\"budgetBytes\":100,\"context\":4096,\"batch\":1025}}"))).isEqualTo("fit.batch");
        assertThat(field(api.post("/api/v1/architectures/qwen3-0.6b/scaled-variants", "{\"layer\":2}"))).isEqualTo("layer");
        assertThat(api.post("/api/v1/architectures/no-such-model/scaled-variants", "{\"layers\":2}").status()).isEqualTo(404);
    }

    private static String field(Api.Response response) {
        assertThat(response.status()).isEqualTo(400);
        return response.json().get("errors").get(0).get("field").stringValue();
    }

    /** Weights in Q8_0 and the KV cache in F32, as the inference engine counts a run. */
    private long bytes(String name, int context) {
        return weightBytes(name) + kvBytes(name, context);
    }

    private long weightBytes(String name) {
        return analysis(name, 4096).get("weights").get("bytes").longValue();
    }

    /** One sequence's F32 KV cache at the context. */
    private long kvBytes(String name, int context) {
        return analysis(name, context).get("kvCache").get("totalBytes").longValue();
    }

    private JsonNode analysis(String name, int context) {
        return api.get("/api/v1/architectures/" + name + "/analysis?context=" + context + "&weightDtype=Q8_0&kvDtype=F32").json();
    }

    /** A user architecture with a catalog model's spec, so that revising or scaling it touches no other test's names. */
    private String userCopyOf(String catalogName) {
        String name = catalogName + "-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode spec = api.get("/api/v1/architectures/" + catalogName).json().get("spec");
        assertThat(api.post("/api/v1/architectures", "{\"name\":\"" + name + "\",\"spec\":" + spec + "}").status()).isEqualTo(201);
        return name;
    }
}
