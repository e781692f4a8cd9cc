package org.archlab.registry;

import org.archlab.architecture.catalog.ReferenceCatalog;
import org.archlab.architecture.json.SpecJson;
import org.archlab.testsupport.RealPostgres;
import org.archlab.testsupport.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealPostgres(database = "registry_api")
class ArchitectureApiIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void the_catalog_holds_the_reference_models_with_their_values() {
        var qwen = api.get("/api/v1/architectures/qwen3-0.6b");
        assertThat(qwen.status()).isEqualTo(200);
        assertThat(qwen.json().get("spec").get("hiddenSize").intValue()).isEqualTo(1024);
        assertThat(qwen.json().get("source").stringValue()).isEqualTo("catalog");
        long catalog = jdbc.sql("SELECT count(*) FROM architecture WHERE source = 'catalog'").query(Long.class).single();
        assertThat(catalog).isEqualTo(ReferenceCatalog.shipped().size());
    }

    @Test
    void a_catalog_architecture_says_where_its_values_come_from() {
        var deepseek = api.get("/api/v1/architectures/deepseek-v3/provenance");
        assertThat(deepseek.status()).isEqualTo(200);
        assertThat(deepseek.json().get("hfRepo").stringValue()).isEqualTo("deepseek-ai/DeepSeek-V3");
        assertThat(deepseek.json().get("sources").get(0).stringValue())
                .isEqualTo("https://huggingface.co/deepseek-ai/DeepSeek-V3/blob/main/config.json");
        assertThat(deepseek.json().get("published").get("total").doubleValue()).isEqualTo(671e9);
        assertThat(deepseek.json().get("completedByArchLab").booleanValue()).isFalse();
        assertThat(api.get("/api/v1/architectures/smollm3-3b/provenance").json().get("completedByArchLab").booleanValue()).isTrue();
    }

    @Test
    void an_architecture_outside_the_catalog_has_no_provenance_and_says_why() {
        String name = unique("no-provenance");
        assertThat(api.post("/api/v1/architectures/qwen3-0.6b/variants",
                "{\"name\":\"" + name + "\",\"overrides\":{\"layers\":2}}").status()).isEqualTo(201);
        var response = api.get("/api/v1/architectures/" + name + "/provenance");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("detail").stringValue()).contains("not in the catalog");
    }

    @Test
    void the_catalog_holds_the_models_archlab_completed_from_cited_sources() {
        var grok = api.get("/api/v1/architectures/grok-2/analysis");
        assertThat(grok.status()).isEqualTo(200);
        assertThat(grok.json().get("parameters").get("total").longValue()).isEqualTo(269_515_497_472L);
        var smol = api.get("/api/v1/architectures/smollm3-3b").json().get("spec");
        assertThat(smol.get("attention").get("kvHeads").intValue()).isEqualTo(4);
        assertThat(api.get("/api/v1/architectures/gemma-3-1b").status()).isEqualTo(200);
    }

    @Autowired
    List<org.springframework.boot.ApplicationRunner> runners;

    @Test
    void seeding_again_adds_nothing_and_keeps_user_revisions() throws Exception {
        String etag = api.get("/api/v1/architectures/llama-3.2-1b").header("ETag");
        int latest = Integer.parseInt(etag.replaceAll(".*@(\\d+)\"", "$1"));
        long before = jdbc.sql("SELECT count(*) FROM architecture_revision").query(Long.class).single();
        for (var runner : runners) {
            runner.run(null);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM architecture_revision").query(Long.class).single()).isEqualTo(before);
        assertThat(api.get("/api/v1/architectures/llama-3.2-1b").json().get("revision").intValue()).isEqualTo(latest);
    }

    @Test
    void a_registered_architecture_reads_back_with_its_location_and_etag() {
        String name = unique("mine");
        var created = api.post("/api/v1/architectures", body(name, "qwen3-0.6b"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/architectures/" + name);
        assertThat(created.header("ETag")).isEqualTo("\"" + name + "@1\"");
        assertThat(api.get("/api/v1/architectures/" + name).json().get("spec"))
                .isEqualTo(api.get("/api/v1/architectures/qwen3-0.6b").json().get("spec"));
    }

    @Test
    void a_duplicate_name_is_refused_with_409() {
        assertThat(api.post("/api/v1/architectures", body("qwen3-0.6b", "qwen3-0.6b")).status()).isEqualTo(409);
    }

    @Test
    void an_impossible_spec_gets_422_naming_the_field_and_stores_nothing() {
        String name = unique("broken");
        ObjectNode spec = spec("qwen3-0.6b");
        ((ObjectNode) spec.get("attention")).put("kvHeads", 5);
        var response = api.post("/api/v1/architectures", "{\"name\":\"" + name + "\",\"spec\":" + spec + "}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("spec.attention.kvHeads");
        assertThat(api.get("/api/v1/architectures/" + name).status()).isEqualTo(404);
    }

    @Test
    void malformed_json_and_unknown_enum_values_get_400_naming_the_field() {
        assertThat(api.post("/api/v1/architectures", "{\"name\": ").status()).isEqualTo(400);
        ObjectNode spec = spec("qwen3-0.6b");
        ((ObjectNode) spec.get("norm")).put("kind", "BATCH");
        var response = api.post("/api/v1/architectures", "{\"name\":\"" + unique("enum") + "\",\"spec\":" + spec + "}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("spec.norm.kind");
    }

    @Test
    void a_revision_needs_the_current_etag() {
        String name = unique("revised");
        api.post("/api/v1/architectures", body(name, "qwen3-0.6b"));
        ObjectNode spec = spec("qwen3-0.6b").put("layers", 14);
        String update = "{\"spec\":" + spec + "}";

        assertThat(api.put("/api/v1/architectures/" + name, update, Map.of()).status()).isEqualTo(428);
        var revised = api.put("/api/v1/architectures/" + name, update, Map.of("If-Match", "\"" + name + "@1\""));
        assertThat(revised.status()).isEqualTo(200);
        assertThat(revised.json().get("revision").intValue()).isEqualTo(2);
        assertThat(api.put("/api/v1/architectures/" + name, update, Map.of("If-Match", "\"" + name + "@1\"")).status()).isEqualTo(412);
        assertThat(api.get("/api/v1/architectures/" + name + "?revision=1").json().get("spec").get("layers").intValue()).isEqualTo(28);
        assertThat(api.get("/api/v1/architectures/" + name + "/revisions").json().size()).isEqualTo(2);
    }

    @Test
    void of_two_concurrent_revisions_exactly_one_wins() throws Exception {
        String name = unique("race");
        api.post("/api/v1/architectures", body(name, "qwen3-0.6b"));
        var start = new CountDownLatch(1);
        var results = new ArrayList<CompletableFuture<Integer>>();
        for (int layers : new int[]{10, 12}) {
            String update = "{\"spec\":" + spec("qwen3-0.6b").put("layers", layers) + "}";
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return api.put("/api/v1/architectures/" + name, update, Map.of("If-Match", "\"" + name + "@1\"")).status();
            }));
        }
        start.countDown();
        var statuses = results.stream().map(CompletableFuture::join).sorted().toList();
        assertThat(statuses).containsExactly(200, 412);
        assertThat(api.get("/api/v1/architectures/" + name + "/revisions").json().size()).isEqualTo(2);
    }

    @Test
    void a_variant_records_its_parent_and_changes_only_what_it_overrides() {
        String name = unique("qwen3-0.6b-window");
        var variant = api.post("/api/v1/architectures/qwen3-0.6b/variants", "{\"name\":\"" + name + "\",\"overrides\":"
                + "{\"attention\":{\"slidingWindow\":1024},\"schedule\":{\"mixers\":[\"SLIDING\",\"FULL\"]}}}");
        assertThat(variant.status()).isEqualTo(201);
        assertThat(variant.json().get("derivedFrom").stringValue()).isEqualTo("qwen3-0.6b@1");
        var original = api.get("/api/v1/architectures/qwen3-0.6b/analysis?context=32768").json();
        var windowed = api.get("/api/v1/architectures/" + name + "/analysis?context=32768").json();
        assertThat(windowed.get("parameters").get("total")).isEqualTo(original.get("parameters").get("total"));
        assertThat(windowed.get("kvCache").get("totalBytes").longValue()).isLessThan(original.get("kvCache").get("totalBytes").longValue());
    }

    @Test
    void an_impossible_variant_is_refused_and_not_stored() {
        String name = unique("too-many-kv");
        var response = api.post("/api/v1/architectures/qwen3-0.6b/variants", "{\"name\":\"" + name + "\",\"overrides\":{\"attention\":{\"kvHeads\":3}}}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(api.get("/api/v1/architectures/" + name).status()).isEqualTo(404);
    }

    @Test
    void a_draft_variant_is_analysed_or_its_errors_named_by_field_and_nothing_is_stored() {
        String name = unique("draft-window");
        var possible = api.post("/api/v1/architectures/qwen3-0.6b/variants/draft?context=32768", "{\"name\":\"" + name + "\",\"overrides\":"
                + "{\"attention\":{\"slidingWindow\":1024},\"schedule\":{\"mixers\":[\"SLIDING\",\"FULL\"]}}}");
        assertThat(possible.status()).isEqualTo(200);
        assertThat(possible.json().get("valid").booleanValue()).isTrue();
        assertThat(possible.json().get("spec").get("attention").get("slidingWindow").intValue()).isEqualTo(1024);
        var original = api.get("/api/v1/architectures/qwen3-0.6b/analysis?context=32768").json();
        assertThat(possible.json().get("analysis").get("kvCache").get("totalBytes").longValue())
                .isLessThan(original.get("kvCache").get("totalBytes").longValue());

        var impossible = api.post("/api/v1/architectures/qwen3-0.6b/variants/draft", "{\"overrides\":{\"attention\":{\"kvHeads\":3}}}").json();
        assertThat(impossible.get("valid").booleanValue()).isFalse();
        assertThat(impossible.get("errors").get(0).get("field").stringValue()).startsWith("spec.attention");
        assertThat(impossible.has("analysis")).isFalse();

        var unreadable = api.post("/api/v1/architectures/qwen3-0.6b/variants/draft", "{\"overrides\":{\"attention\":{\"heads\":\"many\"}}}").json();
        assertThat(unreadable.get("valid").booleanValue()).isFalse();
        assertThat(unreadable.get("errors").get(0).get("field").stringValue()).isEqualTo("spec.attention.heads");

        assertThat(api.get("/api/v1/architectures/" + name).status()).isEqualTo(404);
    }

    @Test
    void the_analysis_contract_has_every_promised_field() {
        var analysis = api.get("/api/v1/architectures/gemma-3-27b/analysis?context=32768&weightDtype=BF16&kvDtype=BF16&batch=1").json();
        assertThat(analysis.get("parameters").has("total")).isTrue();
        assertThat(analysis.get("parameters").has("active")).isTrue();
        assertThat(analysis.get("parameters").get("byComponent").has("ATTENTION")).isTrue();
        assertThat(analysis.get("kvCache").get("bytesPerToken").longValue()).isEqualTo(62L * 8192);
        assertThat(analysis.get("kvCache").get("totalBytes").longValue()).isEqualTo(10L * 8192 * 32768 + 52L * 8192 * 1024);
        assertThat(analysis.get("weights").get("bytes").longValue()).isPositive();
        assertThat(analysis.get("flops").get("prefillPerToken").doubleValue()).isPositive();
        assertThat(analysis.get("flops").get("decodePerToken").doubleValue()).isPositive();
        assertThat(analysis.get("layers")).hasSize(62);
        assertThat(analysis.get("layers").get(5).get("mixer").stringValue()).isEqualTo("FULL");
    }

    @Test
    void bad_analysis_parameters_name_the_parameter() {
        var response = api.get("/api/v1/architectures/qwen3-0.6b/analysis?context=-1");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("context");
        assertThat(api.get("/api/v1/architectures/qwen3-0.6b/analysis?kvDtype=FP7").status()).isEqualTo(400);
    }

    @Test
    void compare_lists_the_differing_fields_and_both_analyses() {
        var compare = api.get("/api/v1/architectures/compare?names=deepseek-v3,qwen3-235b-a22b&context=4096").json();
        List<String> fields = new ArrayList<>();
        compare.get("differences").forEach(d -> fields.add(d.get("field").stringValue()));
        assertThat(fields).contains("hiddenSize", "attention.mla.kvLoraRank");
        assertThat(compare.get("analyses").get("deepseek-v3").get("kvCache").get("bytesPerToken").longValue()).isEqualTo(70_272);
    }

    @Test
    void an_imported_config_round_trips_through_hf_config() {
        String config = api.get("/api/v1/architectures/gpt-oss-20b/hf-config").raw().body();
        String name = unique("imported");
        var imported = api.post("/api/v1/architectures/import?format=hf-config&name=" + name, config);
        assertThat(imported.status()).isEqualTo(201);
        assertThat(imported.json().get("spec")).isEqualTo(api.get("/api/v1/architectures/gpt-oss-20b").json().get("spec"));
    }

    @Test
    void a_gguf_import_counts_exactly_the_files_parameters() throws Exception {
        String name = unique("fixture-qwen3");
        var imported = api.postBytes("/api/v1/architectures/import?format=gguf&name=" + name,
                Files.readAllBytes(fixture("qwen3.gguf")));
        assertThat(imported.status()).isEqualTo(201);
        assertThat(api.get("/api/v1/architectures/" + name + "/analysis").json().get("parameters").get("total").longValue())
                .isEqualTo(168_576);
    }

    @Test
    void a_truncated_or_foreign_gguf_gets_422_and_stores_nothing() throws Exception {
        String name = unique("truncated");
        byte[] truncated = Arrays.copyOf(Files.readAllBytes(fixture("llama.gguf")), 3000);
        assertThat(api.postBytes("/api/v1/architectures/import?format=gguf&name=" + name, truncated).status()).isEqualTo(422);
        assertThat(api.postBytes("/api/v1/architectures/import?format=gguf&name=" + name, "{}".getBytes()).status()).isEqualTo(422);
        assertThat(api.get("/api/v1/architectures/" + name).status()).isEqualTo(404);
    }

    @Test
    void a_gguf_header_claiming_gigabytes_is_refused_without_reading_them() {
        // A header that declares 2 GiB of metadata text: refused from its first 40 bytes.
        var header = java.nio.ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put("GGUF".getBytes()).putInt(3).putLong(0).putLong(1).putLong(2L << 30).array();
        var response = api.postBytes("/api/v1/architectures/import?format=gguf&name=" + unique("huge"), header);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("detail").stringValue()).contains("string length");
    }

    @Test
    void an_unknown_import_format_names_the_parameter() {
        var response = api.post("/api/v1/architectures/import?format=onnx&name=" + unique("onnx"), "{}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("format");
    }

    @Test
    void archiving_hides_from_lists_but_keeps_the_revisions_readable() {
        String name = unique("archived");
        api.post("/api/v1/architectures", body(name, "gpt2-124m"));
        assertThat(api.delete("/api/v1/architectures/" + name).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/architectures/" + name).json().get("archived").booleanValue()).isTrue();
        assertThat(names(api.get("/api/v1/architectures?family=gpt2&limit=200").json())).doesNotContain(name);
        assertThat(names(api.get("/api/v1/architectures?family=gpt2&archived=true&limit=200").json())).contains(name);
    }

    @Test
    void lists_filter_and_page_with_a_cursor() {
        var moe = api.get("/api/v1/architectures?moe=true&limit=200").json();
        assertThat(names(moe)).contains("deepseek-v3", "gpt-oss-20b").doesNotContain("qwen3-0.6b");
        assertThat(names(api.get("/api/v1/architectures?attention=MLA").json())).contains("deepseek-v3", "kimi-k2-instruct");
        var first = api.get("/api/v1/architectures?limit=3").json();
        var second = api.get("/api/v1/architectures?limit=3&cursor=" + first.get("nextCursor").stringValue()).json();
        assertThat(names(first)).hasSize(3);
        assertThat(names(second).getFirst()).isGreaterThan(names(first).getLast());
    }

    private static List<String> names(tools.jackson.databind.JsonNode page) {
        var names = new ArrayList<String>();
        page.get("items").forEach(i -> names.add(i.get("name").stringValue()));
        return names;
    }

    private ObjectNode spec(String catalogName) {
        return (ObjectNode) api.get("/api/v1/architectures/" + catalogName).json().get("spec");
    }

    private String body(String name, String specOf) {
        return "{\"name\":\"" + name + "\",\"spec\":" + spec(specOf) + "}";
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Path fixture(String file) {
        return TestData.fixture(file);
    }
}
