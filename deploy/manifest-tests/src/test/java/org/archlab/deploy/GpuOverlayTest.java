package org.archlab.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/k8s/overlays/gpu as kubectl kustomize renders it: the base with inference-service on a GPU node. */
class GpuOverlayTest {

    private final List<Map<String, Object>> overlay = Renderers.kustomize("deploy/k8s/overlays/gpu");

    @Test
    void the_overlay_conforms_to_the_kubernetes_schema_and_changes_nothing_but_the_inference_deployment() {
        var base = Renderers.kustomize("deploy/k8s/base");
        KubernetesSchema.conforming(overlay);
        assertThat(overlay).hasSameSizeAs(base);
        for (int i = 0; i < base.size(); i++) {
            String name = base.get(i).get("kind") + " " + Repository.at(base.get(i), "metadata", "name");
            if (!name.equals("Deployment inference")) {
                assertThat(overlay.get(i)).as(name).isEqualTo(base.get(i));
            }
        }
    }

    @Test
    void the_inference_pod_asks_for_a_gpu_node_and_requires_the_tornadovm_backend() {
        var pod = inference().getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("archlab/inference-server-tornadovm-gpu:latest");
        assertThat(container.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(pod.getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
        var backend = container.getEnv().stream().filter(e -> e.getName().equals("ARCHLAB_INFERENCE_BACKEND"))
                .map(EnvVar::getValue).toList();
        assertThat(backend).containsExactly("tornadovm");
        assertThat(ServiceModule.INFERENCE.variables()).containsKey("ARCHLAB_INFERENCE_BACKEND");
        assertThat(container.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(ServiceModule.INFERENCE.port());
    }

    @Test
    void the_gpu_deployment_keeps_its_probes_and_its_model_and_data_volumes_from_the_base() {
        Container container = inference().getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(container.getVolumeMounts()).extracting(m -> m.getMountPath()).containsExactly("/models", "/var/lib/archlab/inference");
    }

    private Deployment inference() {
        return KubernetesSchema.conforming(overlay).stream()
                .filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(ServiceModule.INFERENCE.name))
                .map(Deployment.class::cast).findFirst().orElseThrow(() -> new AssertionError("no Deployment inference"));
    }
}
