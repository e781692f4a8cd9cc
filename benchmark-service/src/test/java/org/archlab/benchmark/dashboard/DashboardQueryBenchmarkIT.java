package org.archlab.benchmark.dashboard;

import org.archlab.benchmark.Api;
import org.archlab.testsupport.RealPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A benchmark, not a test of speed: loads one million results into a real PostgreSQL and prints how long
 * each dashboard query takes through the HTTP API (target: under 100 ms). It asserts only that the queries
 * answer what the data holds. Run it on purpose, on a quiet machine:
 * {@code mvn -pl benchmark-service -am verify -Darchlab.benchmark.dashboard=true -Dit.test=DashboardQueryBenchmarkIT
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "archlab.benchmark.dashboard", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.listener.auto-startup=false", "spring.kafka.admin.auto-create=false"})
@RealPostgres(database = "benchmark_million")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueryBenchmarkIT {

    private static final int RESULTS = 1_000_000;
    private static final int ARCHITECTURES = 50;
    private static final int[] CONTEXTS = {512, 1024, 2048, 4096, 8192, 16384, 32768};
    private static final int WARM_UP = 10;
    private static final int TIMED = 50;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    void load() {
        long started = System.nanoTime();
        jdbc.sql("""
                INSERT INTO benchmark_result (task_id, job_id, architecture, revision, context_length, weights, dtype, backend,
                    device, cpu, cores, jvm, os, commit_id, prompt_tokens, generate_tokens, batch, repeats, prefill_tps, decode_tps,
                    ttft_ms, itl_p50_ms, itl_p99_ms, kv_cache_bytes, weight_bytes, peak_resident_bytes, spread, trusted,
                    theoretical_parameters, theoretical_active_parameters, theoretical_kv_bytes, theoretical_weight_bytes, measured_at,
                    original_architecture, kv_dtype)
                SELECT gen_random_uuid(), gen_random_uuid(), 'arch-' || lpad((i % :architectures)::text, 2, '0'), 1,
                       (:contexts::integer[])[1 + (i / :architectures) % cardinality(:contexts::integer[])],
                       'random', (ARRAY['Q8_0', 'Q4_0', 'BF16'])[1 + i % 3], 'jvm', 'jvm/Vector API', 'EPYC', 2, '25', 'Linux',
                       'abc1234', 128, 64, 1, 3, 50 + random() * 50, 5 + random() * 20, 100 + random() * 900, 40 + random() * 10,
                       60 + random() * 20, (i % 977) * 1048576::bigint, 1000000000, 3000000000, random() * 0.2, random() < 0.8,
                       600000000, 600000000, (i % 977) * 1048576::bigint, 1000000000, now() - i * interval '1 second',
                       'arch-' || lpad((i % :architectures)::text, 2, '0'),
                       -- One result in four kept F16 KV caches, spread in time among the F32 ones the default views skip.
                       CASE WHEN (i / :architectures / cardinality(:contexts::integer[])) % 4 = 0 THEN 'F16' ELSE 'F32' END
                FROM generate_series(1, :results) AS i""")
                .param("architectures", ARCHITECTURES).param("contexts", Arrays.stream(CONTEXTS).boxed().toArray(Integer[]::new))
                .param("results", RESULTS)
                .update();
        jdbc.sql("""
                INSERT INTO measured_repeat (result_id, repeat, ttft_ms, prefill_tps, decode_tps, itl_p50_ms, itl_p99_ms)
                SELECT r.id, k, r.ttft_ms, r.prefill_tps, r.decode_tps, r.itl_p50_ms, r.itl_p99_ms
                FROM benchmark_result r CROSS JOIN generate_series(1, 3) AS k""").update();
        jdbc.sql("INSERT INTO measured_series SELECT DISTINCT architecture, context_length FROM benchmark_result ON CONFLICT DO NOTHING").update();
        jdbc.sql("ANALYZE").update();
        System.out.printf("loaded %,d results (%,d repeats) in %.1f s%n", RESULTS, 3 * RESULTS, (System.nanoTime() - started) / 1e9);
    }

    @Test
    void each_dashboard_query_over_a_million_results_prints_its_latency() {
        var api = new Api(port);
        Map<String, Integer> queries = new LinkedHashMap<>();
        queries.put("/api/v1/dashboard/leaderboard?metric=decode_tps&context=4096&limit=20", 20);
        queries.put("/api/v1/dashboard/leaderboard?metric=kv_bytes&context=32768&dtype=Q4_0&trustedOnly=true", 20);
        queries.put("/api/v1/dashboard/compare?architectures=arch-07,arch-21,arch-42", 3 * CONTEXTS.length);
        queries.put("/api/v1/dashboard/curves?metric=decode_tps&architectures=arch-01,arch-02,arch-03,arch-04", 4);
        queries.put("/api/v1/dashboard/curves?metric=kv_bytes&architectures=arch-10,arch-11", 2);
        queries.put("/api/v1/dashboard/memory", ARCHITECTURES * CONTEXTS.length);
        queries.put("/api/v1/dashboard/memory?kvDtype=F16", ARCHITECTURES * CONTEXTS.length);

        System.out.printf("%-90s %8s %8s %8s%n", "query (HTTP, " + TIMED + " runs after " + WARM_UP + " warm-up)", "median", "p95", "max");
        queries.forEach((path, expected) -> {
            var body = api.get(path).json();
            int size = body.has("entries") ? body.get("entries").size() : body.has("results") ? body.get("results").size()
                    : body.has("series") ? body.get("series").size() : body.get("rows").size();
            assertThat(size).as(path).isEqualTo(expected);
            for (int i = 0; i < WARM_UP; i++) {
                api.get(path);
            }
            var millis = new ArrayList<Double>();
            for (int i = 0; i < TIMED; i++) {
                long start = System.nanoTime();
                assertThat(api.get(path).status()).isEqualTo(200);
                millis.add((System.nanoTime() - start) / 1e6);
            }
            List<Double> sorted = millis.stream().sorted().toList();
            System.out.printf("%-90s %6.1f ms %5.1f ms %5.1f ms%n", path, sorted.get(TIMED / 2), sorted.get(TIMED * 95 / 100), sorted.getLast());
        });
    }
}
