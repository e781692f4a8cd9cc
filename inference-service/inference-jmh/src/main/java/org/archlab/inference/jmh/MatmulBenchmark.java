package org.archlab.inference.jmh;

import org.archlab.inference.kernels.jvm.JvmKernelBackend;
import org.archlab.inference.kernels.jvm.JvmKernelOptions;
import org.archlab.inference.tensor.GgmlType;
import org.archlab.inference.tensor.WeightTensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;

/**
 * Prefill's kernel: a batch of tokens times a weight matrix, per storage format, at the shapes of a
 * Llama-3.2-1B layer (rows×columns: 2048×2048 q/o, 512×2048 k/v, 8192×2048 gate/up, 2048×8192 down;
 * the 128256×2048 output matrix is sliced to 16032 rows, an eighth, to fit a benchmark's time).
 * {@code kernel} compares the packed GEMM with the row-decoding 4 × 4 tiles it replaces from
 * {@link JvmKernelOptions#gemmMinTokens()} tokens on.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatmulBenchmark {

    @Param({"F32", "F16", "BF16", "Q8_0", "Q4_0"})
    public GgmlType type;

    @Param({"2048x2048"})
    public String shape;

    @Param({"64"})
    public int tokens;

    @Param({"tiled", "packed"})
    public String kernel;

    @Param({"2"})
    public int threads;

    private Arena arena;
    private JvmKernelBackend kernels;
    private WeightTensor weights;
    private float[] x;
    private float[] out;
    private int columns;
    private int rows;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        String[] rowsByColumns = shape.split("x");
        rows = Integer.parseInt(rowsByColumns[0]);
        columns = Integer.parseInt(rowsByColumns[1]);
        int gemmFrom = switch (kernel) {
            case "tiled" -> Integer.MAX_VALUE;
            case "packed" -> 2;
            default -> throw new IllegalArgumentException("kernel must be tiled or packed, was " + kernel);
        };
        kernels = new JvmKernelBackend(threads, JvmKernelOptions.floatKernels(gemmFrom));
        weights = MatrixFixture.matrix(arena, type, rows, columns, 42);
        x = MatrixFixture.vector(columns * tokens, 7);
        out = new float[rows * tokens];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
        arena.close();
    }

    @Benchmark
    public float[] matmul() {
        kernels.matmul(weights, x, columns, tokens, out, rows);
        return out;
    }
}
