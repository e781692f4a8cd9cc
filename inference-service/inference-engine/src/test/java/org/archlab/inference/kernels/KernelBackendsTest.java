package org.archlab.inference.kernels;

import org.archlab.inference.kernels.jvm.JvmKernelBackendProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelBackendsTest {

    /** A second provider that is either missing its runtime or has two devices; creates JVM backends. */
    private record OtherProvider(String reason) implements KernelBackendProvider {
        @Override
        public String name() {
            return "other";
        }

        @Override
        public int priority() {
            return 10;
        }

        @Override
        public Optional<String> unavailableReason() {
            return Optional.ofNullable(reason);
        }

        @Override
        public List<String> devices() {
            return reason == null ? List.of("first card", "second card") : List.of();
        }

        @Override
        public KernelBackend create(int deviceIndex, int threads) {
            return new JvmKernelBackendProvider().create(0, threads);
        }
    }

    @Test
    void selectionsParse() {
        assertThat(BackendSelection.parse("auto").isAuto()).isTrue();
        assertThat(BackendSelection.parse(" ").isAuto()).isTrue();
        assertThat(BackendSelection.parse("JVM")).isEqualTo(new BackendSelection("jvm", -1));
        assertThat(BackendSelection.parse("tornadovm:2")).isEqualTo(new BackendSelection("tornadovm", 2));
        assertThat(BackendSelection.parse("tornadovm:2").toString()).isEqualTo("tornadovm:2");
        assertThatThrownBy(() -> BackendSelection.parse("tornadovm:gpu")).hasMessageContaining("must be an index");
        assertThatThrownBy(() -> BackendSelection.parse("tornadovm:-1")).hasMessageContaining("must be an index");
        assertThatThrownBy(() -> BackendSelection.parse("cuda!")).hasMessageContaining("is not auto");
    }

    @Test
    void theServiceLoaderFindsTheJvmBackend() {
        var backends = KernelBackends.select(BackendSelection.parse("jvm"));
        assertThat(backends.backend()).isEqualTo("jvm");
        try (var kernels = backends.create(1)) {
            assertThat(kernels.name()).isEqualTo("jvm");
        }
    }

    @Test
    void autoPrefersTheHigherPriorityWhenItCanRun() {
        var backends = KernelBackends.select(BackendSelection.AUTO, List.of(new JvmKernelBackendProvider(), new OtherProvider(null)));
        assertThat(backends.backend()).isEqualTo("other");
        assertThat(backends.device()).isEqualTo("first card");
        assertThat(backends.passedOver()).noneMatch(reason -> reason.startsWith("other"));
    }

    @Test
    void autoFallsBackToTheJvmAndSaysWhy() {
        var backends = KernelBackends.select(BackendSelection.AUTO,
                List.of(new OtherProvider("runtime not found"), new JvmKernelBackendProvider()));
        assertThat(backends.backend()).isEqualTo("jvm");
        assertThat(backends.passedOver()).contains("other: runtime not found");
        assertThat(backends.summary()).contains("kernel backend jvm on Vector API").contains("passed over: other: runtime not found");
    }

    @Test
    void autoSaysWhenTheTornadoVmModuleIsNotInTheBuild() {
        var backends = KernelBackends.select(BackendSelection.AUTO, List.of(new JvmKernelBackendProvider()));
        assertThat(backends.passedOver()).singleElement().asString().startsWith("tornadovm: not in this build");
        assertThatThrownBy(() -> KernelBackends.select(BackendSelection.parse("tornadovm"), List.of(new JvmKernelBackendProvider())))
                .hasMessageStartingWith("backend 'tornadovm' is not in this build");
    }

    @Test
    void aNamedBackendThatCannotRunIsAnErrorNotAFallback() {
        var providers = List.<KernelBackendProvider>of(new JvmKernelBackendProvider(), new OtherProvider("no OpenCL device"));
        assertThatThrownBy(() -> KernelBackends.select(BackendSelection.parse("other"), providers))
                .hasMessage("backend 'other' cannot run here: no OpenCL device");
        assertThatThrownBy(() -> KernelBackends.select(BackendSelection.parse("cuda"), providers))
                .hasMessage("backend 'cuda' is not installed; known: jvm, other");
    }

    @Test
    void aDeviceIndexPicksTheDeviceAndIsChecked() {
        var providers = List.<KernelBackendProvider>of(new JvmKernelBackendProvider(), new OtherProvider(null));
        assertThat(KernelBackends.select(BackendSelection.parse("other:1"), providers).device()).isEqualTo("second card");
        assertThatThrownBy(() -> KernelBackends.select(BackendSelection.parse("other:2"), providers))
                .hasMessage("backend 'other' has no device 2; its devices: 0 = first card, 1 = second card");
    }
}
