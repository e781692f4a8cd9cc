package org.archlab.inference.jmh;

import org.archlab.inference.kernels.jvm.JvmKernelBackend;
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

/** Prefill's kernel: a batch of 64 tokens times a 2048×2048 weight matrix, per storage format. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatmulBenchmark {

    private static final int SIZE = 2048;
    private static final int TOKENS = 64;

    @Param({"F32", "F16", "BF16", "Q8_0", "Q4_0"})
    public GgmlType type;

    @Param({"2"})
    public int threads;

    private Arena arena;
    private JvmKernelBackend kernels;
    private WeightTensor weights;
    private float[] x;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        kernels = new JvmKernelBackend(threads);
        weights = MatrixFixture.matrix(arena, type, SIZE, SIZE, 42);
        x = MatrixFixture.vector(SIZE * TOKENS, 7);
        out = new float[SIZE * TOKENS];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
        arena.close();
    }

    @Benchmark
    public float[] matmul() {
        kernels.matmul(weights, x, SIZE, TOKENS, out, SIZE);
        return out;
    }
}
