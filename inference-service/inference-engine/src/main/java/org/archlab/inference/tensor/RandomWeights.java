package org.archlab.inference.tensor;

import org.archlab.architecture.analysis.TensorLayout;
import org.archlab.architecture.analysis.TensorShape;
import org.archlab.architecture.spec.ArchitectureSpec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Seeded random weights for any spec, laid out exactly as {@link TensorLayout} says (so as a GGUF file
 * of the architecture would be), in off-heap memory. Matrices get N(0, 0.02²) in the chosen format,
 * norm weights 1 + N(0, 0.1²) and other vectors N(0, 0.02²) in F32, as GGUF keeps vectors. The same
 * seed gives the same weights whatever the thread count: each block of rows draws from its own stream.
 */
public final class RandomWeights implements TensorSource, AutoCloseable {

    private static final int ROWS_PER_STREAM = 64;

    private final Arena arena;
    private final Map<String, WeightTensor> tensors;
    private final String description;

    private RandomWeights(Arena arena, Map<String, WeightTensor> tensors, String description) {
        this.arena = arena;
        this.tensors = tensors;
        this.description = description;
    }

    public static RandomWeights generate(ArchitectureSpec spec, GgmlType matrixType, long seed, int threads) {
        List<TensorShape> layout = TensorLayout.of(spec);
        Arena arena = Arena.ofShared();
        try {
            var tensors = new LinkedHashMap<String, WeightTensor>();
            for (TensorShape shape : layout) {
                GgmlType type = shape.isMatrix() ? matrixType : GgmlType.F32;
                long bytes = Math.multiplyExact(type.rowBytes(shape.dims()[0]), shape.rows());
                MemorySegment data = HugePageMemory.allocate(arena, bytes);
                tensors.put(shape.name(), new WeightTensor(shape.name(), type, shape.dims(), data));
            }
            try (var pool = new ForkJoinPool(threads)) {
                for (WeightTensor t : tensors.values()) {
                    long tensorSeed = seed * 0x9E3779B97F4A7C15L + t.name().hashCode();
                    pool.submit(() -> fill(t, tensorSeed)).join();
                }
            }
            return new RandomWeights(arena, Map.copyOf(tensors), "random weights (seed " + seed + ", " + matrixType + ")");
        } catch (RuntimeException | OutOfMemoryError e) {
            arena.close();
            throw e;
        }
    }

    private static void fill(WeightTensor t, long seed) {
        boolean norm = t.dims().length == 1 && t.name().contains("norm");
        int rows = t.rows();
        int columns = t.columns();
        int streams = (rows + ROWS_PER_STREAM - 1) / ROWS_PER_STREAM;
        IntStream.range(0, streams).parallel().forEach(stream -> {
            var random = new SplittableRandom(seed + stream * 0x632BE59BD9B4E019L);
            float[] row = new float[columns];
            for (int r = stream * ROWS_PER_STREAM; r < Math.min(rows, (stream + 1) * ROWS_PER_STREAM); r++) {
                for (int c = 0; c < columns; c++) {
                    row[c] = norm ? 1f + 0.1f * (float) random.nextGaussian() : 0.02f * (float) random.nextGaussian();
                }
                Quantize.row(t.type(), row, 0, columns, t.data(), r * t.rowBytes());
            }
        });
    }

    @Override
    public Optional<WeightTensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    @Override
    public WeightTensor tensor(String name) {
        WeightTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException(description + ": tensor " + name + " is missing");
        }
        return t;
    }

    /** Bytes of all generated tensors. */
    public long bytes() {
        return tensors.values().stream().mapToLong(WeightTensor::byteSize).sum();
    }

    @Override
    public void close() {
        arena.close();
    }
}
