package org.archlab.deploy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The no-Docker stack (./archlab) starts each service on the port and variable its configuration reads. */
class LocalStackTest {

    /** Where a service finds the others and its own data: the launcher decides these for the local stack. Limits
     * and tunings keep their application.yml defaults unless the caller sets them (they pass through and are kept). */
    private static final Pattern CONNECTION = Pattern.compile("_(PORT|URL|HOST|USER|BOOTSTRAP|DIRS|DATA|CATALOG)$");

    private final String launcher = Repository.read("archlab");

    @Test
    void launcher_defaults_each_service_port_to_its_configured_port() {
        for (ServiceModule service : ServiceModule.values()) {
            var matcher = Pattern.compile("export " + service.portVariable() + "=\\$\\{" + service.portVariable() + ":-(\\d+)}")
                    .matcher(launcher);
            assertThat(matcher.find()).as(service.portVariable() + " exported by ./archlab").isTrue();
            assertThat(Integer.parseInt(matcher.group(1))).isEqualTo(service.port());
        }
    }

    @Test
    void launcher_exports_every_connection_variable_the_services_read() {
        for (ServiceModule service : ServiceModule.values()) {
            service.variables().forEach((variable, defaultValue) -> {
                if (variable.endsWith("_DATABASE") || variable.endsWith("_PASSWORD") || variable.startsWith("ARCHLAB_KAFKA_PART")
                        || variable.startsWith("ARCHLAB_KAFKA_REPL")) {
                    return; // defaults in application.yml suit the local stack
                }
                if (CONNECTION.matcher(variable).find() || defaultValue.isEmpty() || defaultValue.contains("localhost")) {
                    assertThat(launcher).as("./archlab exports " + variable).contains("export " + variable + "=");
                }
            });
        }
    }

    @Test
    void a_key_the_launcher_makes_matches_the_hash_in_its_gateway_entry() throws Exception {
        var process = new ProcessBuilder("bash", Repository.ROOT.resolve("archlab").toString(), "key", "ci", "writer")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        var key = Pattern.compile("(?m)^key +([A-Za-z0-9_-]{43})$").matcher(output);
        var entry = Pattern.compile("(?m)^entry +(ci:writer:[0-9a-f]{64})$").matcher(output);
        assertThat(key.find() && entry.find()).as(output).isTrue();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.group(1).getBytes(StandardCharsets.UTF_8)));
        assertThat(entry.group(1)).isEqualTo("ci:writer:" + hash);
    }

    @Test
    void launcher_gives_the_gateway_the_hash_of_its_generated_admin_key() {
        String keys = Repository.read("deploy/local/keys.sh");
        assertThat(launcher).contains("source \"$ARCHLAB_ROOT/deploy/local/keys.sh\"").contains("archlab_admin_key");
        assertThat(keys).contains("local-admin:admin:$(archlab_api_key_hash");
    }

    @Test
    void benchmark_topics_are_the_contract_names() {
        Map<String, Object> topics = Repository.at(ServiceModule.BENCHMARK.configuration(), "archlab", "kafka", "topics");
        assertThat(topics).containsEntry("jobs", "benchmark-jobs").containsEntry("results", "benchmark-results")
                .containsEntry("dead-letter", "benchmark-jobs-dlt");
    }
}
