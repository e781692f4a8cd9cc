package org.archlab.inference.bench;

import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.model.GgufModel;
import org.archlab.inference.model.RandomModel;
import org.archlab.inference.model.SafetensorsModel;
import org.archlab.inference.model.Transformer;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the bench runs: a GGUF file, a safetensors checkpoint, or a registry architecture with random weights. */
record BenchModel(Transformer transformer, String weights, long weightBytes, boolean generated, AutoCloseable owner)
        implements AutoCloseable {

    static BenchModel open(BenchCommand.BenchOptions o, KernelBackend kernels, int maxTokens) throws Exception {
        Path path = Path.of(o.model());
        if (o.model().endsWith(".gguf")) {
            var gguf = GgufModel.open(path, o.loadMode(), kernels, maxTokens);
            return new BenchModel(gguf.transformer(), "gguf", gguf.checkpoint().dataBytes(), false, gguf);
        }
        if (o.model().endsWith(".safetensors") || o.model().endsWith(".json") || Files.isDirectory(path)) {
            var safetensors = SafetensorsModel.open(path, o.loadMode(), kernels, maxTokens);
            return new BenchModel(safetensors.transformer(), "safetensors", safetensors.checkpoint().dataBytes(), false,
                    safetensors);
        }
        var random = RandomModel.create(BenchCommand.registrySpec(o.model()), o.dtype(), o.seed(), kernels, maxTokens,
                o.threads());
        return new BenchModel(random.transformer(), "random " + o.dtype(), random.weightBytes(), true, random);
    }

    @Override
    public void close() throws Exception {
        owner.close();
    }
}
