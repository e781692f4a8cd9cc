package org.archlab.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.archlab.deploy.Repository.at;
import static org.assertj.core.api.Assertions.assertThat;

/** deploy/compose.yaml as Compose itself resolves it ({@code config}), against what each service reads. */
class ComposeTest {

    private static final Map<String, String> API_KEYS = Map.of("ARCHLAB_GATEWAY_API_KEYS", "ci:admin:" + "0".repeat(64));

    private static Map<String, Object> compose;

    @BeforeAll
    static void render() {
        compose = Renderers.composeModel(API_KEYS);
    }

    @Test
    void compose_refuses_to_render_the_platform_without_gateway_api_keys() {
        var rendering = Renderers.compose(Map.of());
        assertThat(rendering.exitCode()).isNotZero();
        assertThat(rendering.errors()).contains("ARCHLAB_GATEWAY_API_KEYS");
    }

    @Test
    void each_service_image_is_built_from_its_module_with_the_port_its_configuration_listens_on() {
        for (ServiceModule service : ServiceModule.values()) {
            Map<String, Object> build = at(service(service.name), "build");
            assertThat(build).as(service.name + " is built").isNotNull();
            assertThat(Path.of(build.get("context").toString())).isEqualTo(Repository.ROOT);
            assertThat(build.get("dockerfile")).isEqualTo("deploy/docker/Dockerfile");
            assertThat(at(build, "args", "SERVICE").toString()).isEqualTo(service.modulePath);
            assertThat(at(build, "args", "PORT").toString()).isEqualTo(Integer.toString(service.port()));
        }
    }

    @Test
    void only_the_gateway_publishes_a_port_and_it_is_the_port_the_gateway_listens_on() {
        services().forEach((name, service) -> {
            if (name.equals("gateway")) {
                List<Map<String, Object>> ports = at(service, "ports");
                assertThat(ports).singleElement().satisfies(port -> {
                    assertThat(String.valueOf(port.get("target"))).isEqualTo(Integer.toString(ServiceModule.GATEWAY.port()));
                    assertThat(String.valueOf(port.get("published"))).isEqualTo(Integer.toString(ServiceModule.GATEWAY.port()));
                });
                assertThat(networks(service)).containsExactlyInAnyOrder("backend", "edge");
            } else {
                assertThat(service).as(name).doesNotContainKey("ports");
                assertThat(networks(service)).as(name).containsExactly("backend");
            }
        });
        assertThat((Boolean) at(compose, "networks", "backend", "internal")).isTrue();
    }

    @Test
    void each_service_is_given_only_variables_it_reads_and_every_one_its_container_must_set() {
        for (ServiceModule service : ServiceModule.values()) {
            var given = archlabVariables(service.name);
            assertThat(service.variables().keySet()).as(service.name + " reads").containsAll(given.keySet());
            assertThat(given.keySet()).as(service.name + " is given").containsAll(service.variablesAContainerMustSet());
        }
    }

    @Test
    void service_urls_point_at_each_service_by_name_and_configured_port() {
        for (ServiceModule service : ServiceModule.values()) {
            archlabVariables(service.name).forEach((variable, value) -> ServiceModule.reachedThrough(variable)
                    .ifPresent(target -> assertThat(value).as(service.name + " " + variable).isEqualTo(target.internalUrl())));
        }
    }

    @Test
    void services_reach_postgres_and_kafka_at_the_addresses_those_containers_serve() {
        Map<String, Object> postgres = at(service("postgres"), "environment");
        Map<String, Object> kafka = at(service("kafka"), "environment");
        for (ServiceModule service : ServiceModule.values()) {
            var given = archlabVariables(service.name);
            if (given.containsKey("ARCHLAB_POSTGRES_HOST")) {
                assertThat(given.get("ARCHLAB_POSTGRES_HOST") + ":" + given.get("ARCHLAB_POSTGRES_PORT")).isEqualTo("postgres:5432");
                assertThat(given.get("ARCHLAB_POSTGRES_USER")).isEqualTo(postgres.get("POSTGRES_USER"));
                assertThat(given.get("ARCHLAB_POSTGRES_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
            }
            if (given.containsKey("ARCHLAB_KAFKA_BOOTSTRAP")) {
                assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS").toString())
                        .contains("PLAINTEXT://" + given.get("ARCHLAB_KAFKA_BOOTSTRAP"));
            }
        }
    }

    @Test
    void each_service_database_is_created_when_postgres_first_starts() {
        String sql = Repository.read("deploy/compose/create-databases.sql");
        for (ServiceModule service : ServiceModule.values()) {
            service.variables().forEach((variable, database) -> {
                if (variable.endsWith("_DATABASE")) {
                    assertThat(sql).as(variable).contains("CREATE DATABASE " + database + ";");
                }
            });
        }
        List<String> volumes = at(service("postgres"), "volumes");
        assertThat(volumes.toString()).contains("create-databases.sql:/docker-entrypoint-initdb.d/create-databases.sql");
    }

    @Test
    void inference_keeps_its_registrations_on_a_named_volume() {
        Object data = environment("inference").get("ARCHLAB_INFERENCE_DATA");
        assertThat(data).as("ARCHLAB_INFERENCE_DATA").isNotNull();
        List<Object> volumes = at(service("inference"), "volumes");
        // docker-compose renders a volume as "source:target:mode", docker compose as a map.
        assertThat(volumes).extracting(v -> v instanceof Map<?, ?> map ? map.get("source") + ":" + map.get("target")
                : String.valueOf(v).replaceFirst(":(rw|ro)$", "")).contains("inference-data:" + data);
        Map<String, Object> named = at(compose, "volumes");
        assertThat(named).containsKey("inference-data");
    }

    @Test
    void services_start_once_what_they_connect_to_is_healthy() {
        assertThat((Object) at(service("postgres"), "healthcheck")).isNotNull();
        assertThat((Object) at(service("kafka"), "healthcheck")).isNotNull();
        for (ServiceModule service : ServiceModule.values()) {
            var reads = service.variables().keySet();
            Map<String, Object> dependsOn = at(service(service.name), "depends_on");
            var needs = new TreeMap<String, Object>();
            if (reads.contains("ARCHLAB_POSTGRES_HOST")) {
                needs.put("postgres", "service_healthy");
            }
            if (reads.contains("ARCHLAB_KAFKA_BOOTSTRAP")) {
                needs.put("kafka", "service_healthy");
            }
            if (service == ServiceModule.GATEWAY) {
                List.of("registry", "inference", "benchmark").forEach(name -> needs.put(name, "service_healthy"));
            }
            needs.forEach((name, condition) ->
                    assertThat((Object) at(dependsOn, name, "condition")).as(service.name + " waits for " + name).isEqualTo(condition));
        }
    }

    @Test
    void the_registry_seeds_its_catalog_from_its_own_jar_with_nothing_mounted_from_shared() {
        Path shared = Repository.ROOT.getParent().resolve("shared");
        services().forEach((name, service) -> {
            assertThat(environment(name)).as(name).doesNotContainKey("ARCHLAB_CATALOG");
            List<Object> volumes = at(service, "volumes");
            if (volumes != null) {
                volumes.forEach(volume -> assertThat(volume.toString()).as(name).doesNotContain(shared.toString()));
            }
        });
    }

    @Test
    void only_the_gateway_is_given_api_keys() {
        for (ServiceModule service : ServiceModule.values()) {
            if (service == ServiceModule.GATEWAY) {
                assertThat(environment(service.name)).containsEntry("ARCHLAB_GATEWAY_API_KEYS", API_KEYS.get("ARCHLAB_GATEWAY_API_KEYS"));
            } else {
                assertThat(environment(service.name)).as(service.name).doesNotContainKey("ARCHLAB_GATEWAY_API_KEYS");
            }
        }
    }

    private static Map<String, Map<String, Object>> services() {
        return at(compose, "services");
    }

    private static Map<String, Object> service(String name) {
        Map<String, Object> service = services().get(name);
        assertThat(service).as("compose service " + name).isNotNull();
        return service;
    }

    private static Map<String, Object> environment(String name) {
        Map<String, Object> environment = at(service(name), "environment");
        return environment == null ? Map.of() : environment;
    }

    private static Map<String, String> archlabVariables(String name) {
        var variables = new TreeMap<String, String>();
        environment(name).forEach((key, value) -> {
            if (key.startsWith("ARCHLAB_")) {
                variables.put(key, String.valueOf(value));
            }
        });
        return variables;
    }

    // Compose renders networks as a map, a list in the source file.
    private static List<String> networks(Map<String, Object> service) {
        Object networks = service.get("networks");
        return networks instanceof Map<?, ?> map ? map.keySet().stream().map(String::valueOf).toList()
                : ((List<?>) networks).stream().map(String::valueOf).toList();
    }
}
