package org.archlab.inference.server.models;

import org.archlab.inference.checkpoint.LoadMode;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.model.GgufModel;
import org.archlab.inference.tensor.StreamableWeights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Models loaded for tests without the service around them, as {@link ModelLoader} loads a GGUF checkpoint. */
public final class LoadedModels {

    private LoadedModels() {
    }

    /** The GGUF file at {@code path} on the JVM backend, its weights mapped, with a cache of {@code context} positions. */
    public static LoadedModel gguf(String name, Path path, int threads, int context) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Checkpoint checkpoint = Checkpoint.read(name, real);
        var kernels = new JvmKernelBackend(threads);
        var gguf = GgufModel.open(real, LoadMode.MAPPED, kernels, context);
        return new LoadedModel(checkpoint, gguf.transformer(), ModelTokenizer.of(checkpoint), kernels, gguf,
                gguf.checkpoint().dataBytes(), StreamableWeights.bytes(gguf.checkpoint(), gguf.transformer().spec()));
    }
}
