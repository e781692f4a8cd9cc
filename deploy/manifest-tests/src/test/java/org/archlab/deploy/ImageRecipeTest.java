package org.archlab.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** The image recipes, which no tool here can build (no Docker engine): read as text. */
class ImageRecipeTest {

    @Test
    void the_image_runs_as_a_non_root_user_and_has_a_health_check() {
        String dockerfile = Repository.read("deploy/docker/Dockerfile");
        assertThat(dockerfile).containsPattern("(?m)^USER 10001$");
        assertThat(dockerfile).contains("HEALTHCHECK").contains("/actuator/health");
        assertThat(dockerfile).containsPattern("(?m)^FROM .*temurin-25.* AS build$");
    }

    @Test
    void the_gpu_image_runs_the_server_through_the_tornadovm_launcher() throws Exception {
        String dockerfile = Repository.read("deploy/docker/Dockerfile.tornadovm");
        assertThat(dockerfile).contains("-Ptornadovm").contains("--build-context tornadovm=")
                .contains("COPY deploy/tornadovm/run-inference.sh").contains("ENTRYPOINT [\"/app/run-inference.sh\"");
        var launcher = Repository.ROOT.resolve("deploy/tornadovm/run-inference.sh");
        assertThat(Files.isExecutable(launcher)).isTrue();
        assertThat(Files.readString(launcher)).contains("@$TORNADOVM_HOME/tornado-argfile").contains("-Djarmode=tools");
    }
}
