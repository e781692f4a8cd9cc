package org.archlab.inference.kernels.jvm;

import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.KernelBackendProvider;

import java.util.List;
import java.util.Optional;

/** The pure-JVM backend: always available, one "device" (this machine's cores). */
public final class JvmKernelBackendProvider implements KernelBackendProvider {

    @Override
    public String name() {
        return "jvm";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public List<String> devices() {
        return List.of("Vector API " + RowDot.F.vectorBitSize() + "-bit CPU");
    }

    @Override
    public KernelBackend create(int deviceIndex, int threads) {
        return new JvmKernelBackend(threads);
    }
}
