package org.archlab.inference.tensor;

import org.archlab.architecture.analysis.TensorLayout;
import org.archlab.architecture.analysis.TensorShape;
import org.archlab.architecture.analysis.WeightMemory;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
                GgmlType type = GgmlType.valueOf(WeightMemory.storage(shape, Dtype.valueOf(matrixType.name())).name());
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

    /** Weights are uniform with standard deviation 0.02, norm weights around 1 (uniform, ±0.17). */
    private static final float HALF_WIDTH = 0.02f * (float) Math.sqrt(3);

    private static void fill(WeightTensor t, long seed) {
        boolean norm = t.dims().length == 1 && t.name().contains("norm");
        int rows = t.rows();
        int columns = t.columns();
        int streams = (rows + ROWS_PER_STREAM - 1) / ROWS_PER_STREAM;
        IntStream.range(0, streams).parallel().forEach(stream -> {
            var random = new SplittableRandom(seed + stream * 0x632BE59BD9B4E019L);
            float[] row = new float[columns];
            for (int r = stream * ROWS_PER_STREAM; r < Math.min(rows, (stream + 1) * ROWS_PER_STREAM); r++) {
                long offset = r * t.rowBytes();
                if (!norm && (t.type() == GgmlType.Q8_0 || t.type() == GgmlType.Q4_0)) {
                    // Billions of weights: write random quants under one scale instead of quantising floats.
                    quantizedRow(t.type(), columns, t.data(), offset, random);
                    continue;
                }
                for (int c = 0; c < columns; c++) {
                    float uniform = (float) random.nextDouble(-1, 1);
                    row[c] = norm ? 1f + 0.3f * uniform : HALF_WIDTH * uniform;
                }
                Quantize.row(t.type(), row, 0, columns, t.data(), offset);
            }
        });
    }

    /** A row of uniformly random blocks: Q8_0 quants in [−127, 127], Q4_0 nibbles in [0, 15], scaled to ±{@link #HALF_WIDTH}. */
    private static void quantizedRow(GgmlType type, int columns, MemorySegment data, long offset, SplittableRandom random) {
        boolean q8 = type == GgmlType.Q8_0;
        short scale = Float.floatToFloat16(HALF_WIDTH / (q8 ? 127 : 8));
        int quantBytes = q8 ? 32 : 16;
        for (long block = offset, end = offset + type.rowBytes(columns); block < end; block += type.blockBytes()) {
            data.set(ValueLayout.JAVA_SHORT_UNALIGNED, block, scale);
            for (int i = 0; i < quantBytes; i += 8) {
                long bits = random.nextLong();
                if (q8) {
                    // −128 is outside Q8_0's symmetric range; fold it onto −127
                    for (int b = 0; b < 8; b++) {
                        byte q = (byte) (bits >>> (8 * b));
                        data.set(ValueLayout.JAVA_BYTE, block + 2 + i + b, q == Byte.MIN_VALUE ? -127 : q);
                    }
                } else {
                    data.set(ValueLayout.JAVA_LONG_UNALIGNED, block + 2 + i, bits);
                }
            }
        }
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
