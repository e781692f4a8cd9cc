package org.archlab.deploy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.archlab.deploy.Repository.at;
import static org.assertj.core.api.Assertions.assertThat;

class ComposeManifestTest {

    private final Map<String, Object> compose = Repository.yaml("deploy/compose.yaml");

    @Test
    void only_the_gateway_publishes_a_port() {
        Map<String, Map<String, Object>> services = at(compose, "services");
        services.forEach((name, service) -> {
            if (name.equals("gateway")) {
                assertThat((List<String>) service.get("ports")).containsExactly("8080:8080");
            } else {
                assertThat(service).as(name).doesNotContainKey("ports");
            }
        });
    }

    @Test
    void each_service_image_is_built_with_the_port_its_configuration_listens_on() {
        for (ServiceModule service : ServiceModule.values()) {
            Map<String, Object> build = at(compose, "services", service.name, "build");
            assertThat(build).as(service.name).isNotNull();
            assertThat(at(build, "dockerfile").toString()).isEqualTo("deploy/docker/Dockerfile");
            assertThat(at(build, "args", "SERVICE").toString()).isEqualTo(service.modulePath);
            assertThat(at(build, "args", "PORT").toString()).isEqualTo(Integer.toString(service.port()));
        }
    }

    @Test
    void service_urls_in_compose_point_at_the_services_ports() {
        Map<String, Object> env = at(compose, "services", "gateway", "environment");
        assertThat(env.get("ARCHLAB_REGISTRY_URL")).isEqualTo("http://registry:" + ServiceModule.REGISTRY.port());
        assertThat(env.get("ARCHLAB_INFERENCE_URL")).isEqualTo("http://inference:" + ServiceModule.INFERENCE.port());
        assertThat(env.get("ARCHLAB_BENCHMARK_URL")).isEqualTo("http://benchmark:" + ServiceModule.BENCHMARK.port());
    }

    @Test
    void every_archlab_variable_compose_sets_is_read_by_some_service() {
        Map<String, Map<String, Object>> services = at(compose, "services");
        var known = Repository.variablesReadByServices();
        services.values().stream()
                .map(service -> (Map<String, Object>) service.get("environment"))
                .filter(env -> env != null)
                .flatMap(env -> env.keySet().stream())
                .filter(name -> name.startsWith("ARCHLAB_"))
                .forEach(name -> assertThat(known).as("services read " + name).contains(name));
    }

    @Test
    void the_image_runs_as_a_non_root_user_and_has_a_health_check() {
        String dockerfile = Repository.read("deploy/docker/Dockerfile");
        assertThat(dockerfile).containsPattern("(?m)^USER 10001$");
        assertThat(dockerfile).contains("HEALTHCHECK").contains("/actuator/health");
        assertThat(dockerfile).containsPattern("(?m)^FROM .*temurin-25.* AS build$");
    }

    @Test
    void postgres_and_kafka_have_health_checks_that_services_wait_for() {
        assertThat((Object) at(compose, "services", "postgres", "healthcheck")).isNotNull();
        assertThat((Object) at(compose, "services", "kafka", "healthcheck")).isNotNull();
        assertThat(at(compose, "services", "benchmark", "depends_on", "kafka", "condition").toString())
                .isEqualTo("service_healthy");
    }

    @Test
    void only_the_gateway_is_given_api_keys_and_compose_refuses_to_start_it_without_them() {
        Map<String, Map<String, Object>> services = at(compose, "services");
        services.forEach((name, service) -> {
            Map<String, Object> env = (Map<String, Object>) service.get("environment");
            if (name.equals("gateway")) {
                assertThat(env.get("ARCHLAB_GATEWAY_API_KEYS").toString()).startsWith("${ARCHLAB_GATEWAY_API_KEYS:?");
            } else if (env != null) {
                assertThat(env).as(name).doesNotContainKey("ARCHLAB_GATEWAY_API_KEYS");
            }
        });
    }
}
