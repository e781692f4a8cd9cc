package org.archlab.deploy;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The no-Docker stack (./archlab) starts each service on the port and variable its configuration reads. */
class LocalStackTest {

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
        for (String variable : Repository.variablesReadByServices()) {
            if (variable.endsWith("_DATABASE") || variable.endsWith("_PASSWORD") || variable.startsWith("ARCHLAB_KAFKA_PART")
                    || variable.startsWith("ARCHLAB_KAFKA_REPL")) {
                continue; // defaults in application.yml suit the local stack
            }
            assertThat(launcher).as("./archlab exports " + variable).contains("export " + variable + "=");
        }
    }

    @Test
    void benchmark_topics_are_the_contract_names() {
        String benchmark = Repository.read(ServiceModule.BENCHMARK.applicationFile());
        assertThat(benchmark).contains("jobs: benchmark-jobs", "results: benchmark-results", "dead-letter: benchmark-jobs-dlt");
    }
}
