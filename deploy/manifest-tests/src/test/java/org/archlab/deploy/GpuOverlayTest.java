package org.archlab.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.archlab.deploy.Repository.at;
import static org.assertj.core.api.Assertions.assertThat;

/** The Kubernetes GPU overlay and the TornadoVM image it names fit the base and the service they change. */
class GpuOverlayTest {

    private static final String OVERLAY = "deploy/k8s/overlays/gpu/";

    @Test
    void the_overlay_builds_on_the_base_and_swaps_only_the_inference_image() {
        Map<String, Object> kustomization = Repository.yaml(OVERLAY + "kustomization.yaml");
        assertThat((List<String>) at(kustomization, "resources")).containsExactly("../../base");
        List<Map<String, Object>> images = at(kustomization, "images");
        assertThat(images).singleElement().satisfies(image -> {
            assertThat(image.get("name")).isEqualTo("archlab/" + ServiceModule.INFERENCE.image);
            assertThat(image.get("newName")).isEqualTo("archlab/inference-server-tornadovm-gpu");
        });
        List<Map<String, Object>> patches = at(kustomization, "patches");
        patches.forEach(patch -> assertThat(Files.exists(Repository.ROOT.resolve(OVERLAY + patch.get("path")))).isTrue());
    }

    @Test
    void the_inference_pod_asks_for_a_gpu_and_requires_the_tornadovm_backend() {
        var patch = Repository.yamlDocuments(OVERLAY + "inference-gpu.yaml").getFirst();
        var base = Repository.yamlDocuments("deploy/k8s/base/inference.yaml").stream()
                .filter(d -> "Deployment".equals(d.get("kind"))).findFirst().orElseThrow();
        assertThat((String) at(patch, "metadata", "name")).isEqualTo(at(base, "metadata", "name"));
        Map<String, Object> container = ((List<Map<String, Object>>) at(patch, "spec", "template", "spec", "containers")).getFirst();
        Map<String, Object> baseContainer = ((List<Map<String, Object>>) at(base, "spec", "template", "spec", "containers")).getFirst();
        assertThat(container.get("name")).isEqualTo(baseContainer.get("name"));
        assertThat((Object) at(container, "resources", "limits", "nvidia.com/gpu")).isEqualTo(1);
        assertThat((List<Map<String, Object>>) container.get("env"))
                .contains(Map.of("name", "ARCHLAB_INFERENCE_BACKEND", "value", "tornadovm"));
        assertThat(Repository.variablesReadByServices()).contains("ARCHLAB_INFERENCE_BACKEND");
    }

    @Test
    void the_gpu_image_runs_the_server_through_the_tornadovm_launcher() throws Exception {
        String dockerfile = Files.readString(Repository.ROOT.resolve("deploy/docker/Dockerfile.tornadovm"));
        assertThat(dockerfile).contains("-Ptornadovm").contains("--build-context tornadovm=")
                .contains("COPY deploy/tornadovm/run-inference.sh").contains("ENTRYPOINT [\"/app/run-inference.sh\"");
        var launcher = Repository.ROOT.resolve("deploy/tornadovm/run-inference.sh");
        assertThat(Files.isExecutable(launcher)).isTrue();
        assertThat(Files.readString(launcher)).contains("@$TORNADOVM_HOME/tornado-argfile").contains("-Djarmode=tools");
    }
}
