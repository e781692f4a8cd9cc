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
 * Decode's kernel: one token's activations times a weight matrix, per storage format, at the shapes of
 * a Llama-3.2-1B layer (2048×2048 attention, 8192×2048 FFN up/gate). Divide the matrix bytes by the
 * time for the bandwidth the kernel reaches; compare with {@code ./archlab bench}'s memory probe.
 * {@code dot} picks float or integer-lane dot products for Q8_0/Q4_0 (the integer ones need 512-bit
 * vectors; the other formats have only the float kernel).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatvecBenchmark {

    @Param({"F32", "F16", "BF16", "Q8_0", "Q4_0"})
    public GgmlType type;

    @Param({"2048x2048", "8192x2048"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    @Param({"float"})
    public String dot;

    private Arena arena;
    private JvmKernelBackend kernels;
    private WeightTensor weights;
    private float[] x;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        String[] rowsByColumns = shape.split("x");
        int rows = Integer.parseInt(rowsByColumns[0]);
        int columns = Integer.parseInt(rowsByColumns[1]);
        arena = Arena.ofShared();
        kernels = new JvmKernelBackend(threads, switch (dot) {
            case "float" -> JvmKernelOptions.floatKernels(JvmKernelOptions.detect().gemmMinTokens());
            case "integer" -> JvmKernelOptions.integerKernels(JvmKernelOptions.detect().gemmMinTokens());
            default -> throw new IllegalArgumentException("dot must be float or integer, was " + dot);
        });
        weights = MatrixFixture.matrix(arena, type, rows, columns, 42);
        x = MatrixFixture.vector(columns, 7);
        out = new float[rows];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
        arena.close();
    }

    @Benchmark
    public float[] matvec() {
        kernels.matvec(weights, x, out);
        return out;
    }
}
