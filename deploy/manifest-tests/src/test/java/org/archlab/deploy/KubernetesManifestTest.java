package org.archlab.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.archlab.deploy.Repository.at;
import static org.assertj.core.api.Assertions.assertThat;

class KubernetesManifestTest {

    private static final String BASE = "deploy/k8s/base/";

    @Test
    void kustomization_lists_every_manifest_and_each_exists() throws Exception {
        List<String> resources = at(Repository.yaml(BASE + "kustomization.yaml"), "resources");
        try (var files = Files.list(Repository.ROOT.resolve(BASE))) {
            var manifests = files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml")).toList();
            assertThat(resources).containsExactlyInAnyOrderElementsOf(manifests);
        }
    }

    @Test
    void each_service_deployment_listens_on_its_configured_port_and_probes_actuator() {
        for (ServiceModule service : ServiceModule.values()) {
            var documents = Repository.yamlDocuments(BASE + service.name + ".yaml");
            var deployment = kind(documents, "Deployment");
            Map<String, Object> container = ((List<Map<String, Object>>) at(deployment, "spec", "template", "spec", "containers")).getFirst();
            assertThat(container.get("image")).isEqualTo("archlab/" + service.image);
            assertThat(((List<Map<String, Object>>) container.get("ports")).getFirst().get("containerPort")).isEqualTo(service.port());
            assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat((Boolean) at(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot")).isTrue();
            var svc = kind(documents, "Service");
            assertThat(((List<Map<String, Object>>) at(svc, "spec", "ports")).getFirst().get("port")).isEqualTo(service.port());
        }
    }

    @Test
    void config_map_uses_the_same_variable_names_and_urls_as_the_services() {
        var documents = Repository.yamlDocuments(BASE + "config.yaml");
        Map<String, String> data = at(kind(documents, "ConfigMap"), "data");
        assertThat(Repository.variablesReadByServices()).containsAll(data.keySet());
        assertThat(data.get("ARCHLAB_REGISTRY_URL")).isEqualTo("http://registry:" + ServiceModule.REGISTRY.port());
        assertThat(data.get("ARCHLAB_INFERENCE_URL")).isEqualTo("http://inference:" + ServiceModule.INFERENCE.port());
        assertThat(data.get("ARCHLAB_BENCHMARK_URL")).isEqualTo("http://benchmark:" + ServiceModule.BENCHMARK.port());
    }

    @Test
    void benchmark_workers_run_the_benchmark_image_in_the_worker_profile() {
        var worker = kind(Repository.yamlDocuments(BASE + "benchmark-worker.yaml"), "Deployment");
        Map<String, Object> container = ((List<Map<String, Object>>) at(worker, "spec", "template", "spec", "containers")).getFirst();
        assertThat(container.get("image")).isEqualTo("archlab/benchmark-service");
        assertThat((List<Map<String, Object>>) container.get("env"))
                .contains(Map.of("name", "SPRING_PROFILES_ACTIVE", "value", "worker"));
        assertThat(Files.exists(Repository.ROOT.resolve("benchmark-service/src/main/resources/application-worker.yml"))).isTrue();
    }

    @Test
    void only_the_gateway_is_reachable_from_outside_the_namespace() {
        var ingress = kind(Repository.yamlDocuments(BASE + "gateway.yaml"), "Ingress");
        assertThat(ingress.toString()).contains("name=gateway");
        var policies = new ArrayList<Map<String, Object>>();
        Repository.yamlDocuments(BASE + "network-policy.yaml").forEach(policies::add);
        assertThat(policies).allSatisfy(policy -> assertThat((List<?>) at(policy, "spec", "ingress")).hasSize(1));
        for (ServiceModule service : List.of(ServiceModule.REGISTRY, ServiceModule.INFERENCE, ServiceModule.BENCHMARK)) {
            var deployment = kind(Repository.yamlDocuments(BASE + service.name + ".yaml"), "Deployment");
            assertThat((String) at(deployment, "spec", "template", "metadata", "labels", "archlab.org/tier")).isEqualTo("service");
        }
    }

    @Test
    void the_gateway_reads_its_api_key_hashes_from_a_secret_of_its_own_and_no_database_password() {
        var secret = Repository.yamlDocuments(BASE + "config.yaml").stream()
                .filter(d -> "Secret".equals(d.get("kind")) && "archlab-gateway-keys".equals(at(d, "metadata", "name")))
                .findFirst().orElseThrow(() -> new AssertionError("no Secret archlab-gateway-keys"));
        assertThat((Map<String, Object>) at(secret, "stringData")).containsKey("ARCHLAB_GATEWAY_API_KEYS");
        var gateway = kind(Repository.yamlDocuments(BASE + "gateway.yaml"), "Deployment");
        Map<String, Object> container = ((List<Map<String, Object>>) at(gateway, "spec", "template", "spec", "containers")).getFirst();
        assertThat(container.get("envFrom").toString()).contains("archlab-gateway-keys").doesNotContain("archlab-postgres");
    }

    @Test
    void every_service_is_reachable_only_inside_the_cluster() {
        for (ServiceModule service : ServiceModule.values()) {
            var svc = kind(Repository.yamlDocuments(BASE + service.name + ".yaml"), "Service");
            assertThat((Object) at(svc, "spec", "type")).as(service.name).isIn(null, "ClusterIP");
        }
    }

    private static Map<String, Object> kind(List<Map<String, Object>> documents, String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }
}
