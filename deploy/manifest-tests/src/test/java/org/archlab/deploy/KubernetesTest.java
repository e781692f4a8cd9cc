package org.archlab.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** deploy/k8s/base as kubectl kustomize renders it, against the Kubernetes schema and what each service reads. */
class KubernetesTest {

    private static final String WORKER = "benchmark-worker";

    private static List<HasMetadata> objects;

    @BeforeAll
    static void render() {
        objects = KubernetesSchema.conforming(Renderers.kustomize("deploy/k8s/base"));
    }

    @Test
    void every_rendered_object_is_a_kubernetes_kind_in_the_archlab_namespace() {
        assertThat(objects).extracting(HasMetadata::getKind)
                .contains("Namespace", "ConfigMap", "Secret", "Service", "Deployment", "StatefulSet", "Ingress", "NetworkPolicy");
        objects.stream().filter(o -> !o.getKind().equals("Namespace")).forEach(object -> {
            assertThat(object.getMetadata().getNamespace()).as(object.getFullResourceName()).isEqualTo("archlab");
            assertThat(object.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "archlab");
        });
    }

    @Test
    void the_schema_check_refuses_a_field_kubernetes_does_not_have() {
        Map<String, Object> misspelt = Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "x"), "spec", Map.of("replica", 2));
        assertThatThrownBy(() -> KubernetesSchema.conforming(misspelt))
                .isInstanceOf(AssertionError.class).hasMessageContaining("replica");
        Map<String, Object> wrongType = Map.of("apiVersion", "v1", "kind", "Service",
                "metadata", Map.of("name", "x"), "spec", Map.of("ports", "8080"));
        assertThatThrownBy(() -> KubernetesSchema.conforming(wrongType)).isInstanceOf(AssertionError.class);
    }

    @Test
    void each_service_listens_on_its_configured_port_and_is_probed_on_the_actuator_health_groups() {
        for (ServiceModule module : ServiceModule.values()) {
            Container container = container(module.name);
            assertThat(container.getImage()).isEqualTo("archlab/" + module.image + ":latest");
            assertThat(container.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                    .containsExactly(tuple("http", module.port()));
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
            assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
            var service = one(Service.class, module.name);
            assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getPort()).isEqualTo(module.port());
                assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
            });
        }
    }

    @Test
    void every_service_selects_the_pods_of_a_workload_and_targets_a_port_they_declare() {
        for (Service service : all(Service.class)) {
            var selector = service.getSpec().getSelector();
            var templates = podTemplates().entrySet().stream()
                    .filter(t -> t.getValue().getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
            assertThat(templates).as("pods selected by Service " + service.getMetadata().getName()).singleElement();
            var ports = templates.getFirst().getValue().getSpec().getContainers().stream()
                    .flatMap(c -> c.getPorts().stream()).toList();
            service.getSpec().getPorts().forEach(port -> {
                var target = port.getTargetPort();
                if (target == null || target.getIntVal() != null) {
                    int number = target == null ? port.getPort() : target.getIntVal();
                    assertThat(ports).extracting(ContainerPort::getContainerPort).contains(number);
                } else {
                    assertThat(ports).extracting(ContainerPort::getName).contains(target.getStrVal());
                }
            });
        }
    }

    @Test
    void each_service_container_is_given_only_variables_it_reads_and_every_one_it_must_set() {
        var readByAny = ServiceModule.variablesReadByAny();
        for (ConfigMap config : all(ConfigMap.class)) {
            if (config.getMetadata().getName().equals("archlab-config")) {
                assertThat(readByAny).as("variables some service reads").containsAll(config.getData().keySet());
            }
        }
        workloadsOf().forEach((workload, module) -> {
            var container = container(workload);
            var ownVariables = new TreeSet<String>();
            container.getEnv().stream().map(EnvVar::getName).filter(n -> n.startsWith("ARCHLAB_")).forEach(ownVariables::add);
            container.getEnvFrom().stream().filter(from -> from.getSecretRef() != null)
                    .forEach(from -> ownVariables.addAll(secretKeys(from)));
            assertThat(module.variables().keySet()).as(workload + " reads its env and secrets").containsAll(ownVariables);
            assertThat(environment(container).keySet()).as(workload + " is given").containsAll(module.variablesAContainerMustSet());
        });
    }

    @Test
    void service_urls_and_the_postgres_and_kafka_addresses_name_services_of_this_render() {
        var config = one(ConfigMap.class, "archlab-config").getData();
        config.forEach((variable, value) -> ServiceModule.reachedThrough(variable)
                .ifPresent(target -> assertThat(value).as(variable).isEqualTo(target.internalUrl())));
        assertServiceAt(config.get("ARCHLAB_POSTGRES_HOST"), Integer.parseInt(config.get("ARCHLAB_POSTGRES_PORT")));
        String[] kafka = config.get("ARCHLAB_KAFKA_BOOTSTRAP").split(":");
        assertServiceAt(kafka[0], Integer.parseInt(kafka[1]));
        var broker = environment(container("kafka"));
        assertThat(broker.get("KAFKA_ADVERTISED_LISTENERS")).contains("PLAINTEXT://" + config.get("ARCHLAB_KAFKA_BOOTSTRAP"));
    }

    @Test
    void the_registry_seeds_its_catalog_from_its_own_jar_with_nothing_mounted_from_shared() {
        one(ConfigMap.class, "archlab-config").getData().keySet().forEach(name -> assertThat(name).isNotEqualTo("ARCHLAB_CATALOG"));
        podTemplates().forEach((workload, template) -> {
            template.getSpec().getContainers().forEach(container ->
                    assertThat(container.getEnv()).extracting(EnvVar::getName).as(workload).doesNotContain("ARCHLAB_CATALOG"));
            template.getSpec().getVolumes().forEach(volume -> assertThat(volume.getHostPath()).as(workload).isNull());
        });
    }

    @Test
    void only_the_gateway_is_reachable_from_outside_the_namespace() {
        var ingresses = all(Ingress.class);
        assertThat(ingresses).singleElement().satisfies(ingress -> assertThat(ingress.getSpec().getRules())
                .flatExtracting(rule -> rule.getHttp().getPaths())
                .allSatisfy(path -> assertThat(path.getBackend().getService().getName()).isEqualTo("gateway")));
        all(Service.class).forEach(service -> assertThat(service.getSpec().getType()).isIn(null, "ClusterIP"));
        var guarded = new TreeSet<String>();
        for (NetworkPolicy policy : all(NetworkPolicy.class)) {
            assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
            assertThat(policy.getSpec().getIngress()).singleElement()
                    .satisfies(rule -> assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                        assertThat(peer.getNamespaceSelector()).isNull();
                        assertThat(peer.getIpBlock()).isNull();
                    }));
            podTemplates().forEach((workload, template) -> {
                if (selects(policy, template.getMetadata().getLabels())) {
                    guarded.add(workload);
                }
            });
        }
        assertThat(guarded).containsExactlyInAnyOrder("registry", "inference", "benchmark", WORKER, "postgres", "kafka");
    }

    @Test
    void api_key_hashes_go_to_the_gateway_only_and_the_database_password_only_to_the_services_that_connect() {
        assertThat(one(Secret.class, "archlab-gateway-keys").getStringData()).containsKey("ARCHLAB_GATEWAY_API_KEYS");
        workloadsOf().forEach((workload, module) -> {
            var secrets = container(workload).getEnvFrom().stream().filter(from -> from.getSecretRef() != null)
                    .map(from -> from.getSecretRef().getName()).toList();
            var expected = new TreeSet<String>();
            if (module.variables().containsKey("ARCHLAB_GATEWAY_API_KEYS")) {
                expected.add("archlab-gateway-keys");
            }
            if (module.variables().containsKey("ARCHLAB_POSTGRES_PASSWORD")) {
                expected.add("archlab-postgres");
            }
            assertThat(secrets).as(workload).containsExactlyInAnyOrderElementsOf(expected);
        });
    }

    @Test
    void benchmark_workers_only_consume_jobs_serve_no_http_and_are_no_more_than_the_jobs_partitions() {
        var worker = one(Deployment.class, WORKER);
        var container = container(WORKER);
        assertThat(container.getImage()).isEqualTo("archlab/" + ServiceModule.BENCHMARK.image + ":latest");
        assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(tuple("SPRING_PROFILES_ACTIVE", "worker"));
        assertThat(container.getPorts()).isEmpty();
        assertThat(all(Service.class)).noneMatch(service -> podTemplates().get(WORKER).getMetadata().getLabels()
                .entrySet().containsAll(service.getSpec().getSelector().entrySet()));
        Map<String, Object> workerProfile = Repository.yaml("benchmark-service/src/main/resources/application-worker.yml");
        assertThat((Object) Repository.at(workerProfile, "spring", "main", "web-application-type")).isEqualTo("none");
        assertThat(container.getReadinessProbe().getHttpGet()).isNull();
        assertThat(container.getReadinessProbe().getExec().getCommand())
                .containsExactly("test", "-e", Repository.at(workerProfile, "archlab", "benchmark", "worker", "ready-file"));
        assertThat(container.getLivenessProbe()).as("a worker that cannot consume exits instead").isNull();
        int partitions = Integer.parseInt(ServiceModule.BENCHMARK.variables().get("ARCHLAB_KAFKA_PARTITIONS"));
        assertThat(worker.getSpec().getReplicas() + one(Deployment.class, "benchmark").getSpec().getReplicas())
                .as("consumers in the group, beyond which a consumer idles").isLessThanOrEqualTo(partitions);
    }

    @Test
    void inference_keeps_its_registrations_on_a_claimed_volume_that_one_pod_holds_at_a_time() {
        var container = container(ServiceModule.INFERENCE.name);
        String data = environment(container).get("ARCHLAB_INFERENCE_DATA");
        assertThat(ServiceModule.INFERENCE.variables()).containsKey("ARCHLAB_INFERENCE_DATA");
        var mount = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(data)).findFirst();
        assertThat(mount).as("a volume mounted at ARCHLAB_INFERENCE_DATA (" + data + ")").isPresent();
        assertThat(mount.get().getReadOnly()).isNotEqualTo(Boolean.TRUE);
        var deployment = one(Deployment.class, ServiceModule.INFERENCE.name);
        var volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.get().getName())).findFirst().orElseThrow();
        String claim = volume.getPersistentVolumeClaim().getClaimName();
        assertThat(one(PersistentVolumeClaim.class, claim).getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(deployment.getSpec().getStrategy().getType()).as("the old pod lets go of the volume first").isEqualTo("Recreate");
        assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getFsGroup())
                .as("the volume is writable by the service's user").isEqualTo(10001L);
    }

    private void assertServiceAt(String name, int port) {
        assertThat(one(Service.class, name).getSpec().getPorts()).extracting(p -> p.getPort()).contains(port);
    }

    /** The Deployments that run a service's image, with that service. */
    private Map<String, ServiceModule> workloadsOf() {
        var workloads = new TreeMap<String, ServiceModule>();
        for (Deployment deployment : all(Deployment.class)) {
            String image = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
            for (ServiceModule module : ServiceModule.values()) {
                if (image.startsWith("archlab/" + module.image + ":")) {
                    workloads.put(deployment.getMetadata().getName(), module);
                }
            }
        }
        assertThat(workloads.values()).containsAll(List.of(ServiceModule.values()));
        return workloads;
    }

    private Map<String, PodTemplateSpec> podTemplates() {
        var templates = new TreeMap<String, PodTemplateSpec>();
        all(Deployment.class).forEach(d -> templates.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> templates.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return templates;
    }

    private Container container(String workload) {
        var template = podTemplates().get(workload);
        assertThat(template).as("workload " + workload).isNotNull();
        return template.getSpec().getContainers().getFirst();
    }

    /** Every variable a container sees: its own env and the keys of the ConfigMaps and Secrets it reads whole. */
    private Map<String, String> environment(Container container) {
        var environment = new TreeMap<String, String>();
        for (EnvFromSource from : container.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                environment.putAll(one(ConfigMap.class, from.getConfigMapRef().getName()).getData());
            }
            secretKeys(from).forEach(key -> environment.put(key, "(secret)"));
        }
        container.getEnv().forEach(variable -> environment.put(variable.getName(), variable.getValue()));
        return environment;
    }

    private Set<String> secretKeys(EnvFromSource from) {
        return from.getSecretRef() == null ? Set.of() : one(Secret.class, from.getSecretRef().getName()).getStringData().keySet();
    }

    private static boolean selects(NetworkPolicy policy, Map<String, String> labels) {
        var selector = policy.getSpec().getPodSelector();
        boolean matchesLabels = selector.getMatchLabels() == null || labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
        boolean matchesExpressions = selector.getMatchExpressions() == null || selector.getMatchExpressions().stream()
                .allMatch(e -> e.getOperator().equals("In") && e.getValues().contains(labels.get(e.getKey())));
        return matchesLabels && matchesExpressions;
    }

    private <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends HasMetadata> T one(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }
}
