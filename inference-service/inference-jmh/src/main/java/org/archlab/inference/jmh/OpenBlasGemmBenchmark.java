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
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;

/**
 * The measurement behind the native-BLAS decision (docs/adr): Debian's OpenBLAS {@code cblas_sgemm},
 * reached through the FFM API, against the JVM backend's packed GEMM on the same F32 product
 * (tokens × columns times the transposed rows × columns weights). Needs {@code libopenblas.so.0}
 * ({@code apt-get install libopenblas0-pthread}); Debian's build has no {@code cblas_sbgemm}, so BF16
 * weights would first be widened to F32.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class OpenBlasGemmBenchmark {

    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANSPOSE = 111;
    private static final int TRANSPOSE = 112;

    @Param({"2048x2048"})
    public String shape;

    @Param({"128"})
    public int tokens;

    @Param({"2"})
    public int threads;

    private Arena arena;
    private JvmKernelBackend kernels;
    private WeightTensor weights;
    private float[] x;
    private float[] out;
    private MemorySegment xNative;
    private MemorySegment outNative;
    private MethodHandle sgemm;
    private int rows;
    private int columns;

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
        String[] rowsByColumns = shape.split("x");
        rows = Integer.parseInt(rowsByColumns[0]);
        columns = Integer.parseInt(rowsByColumns[1]);
        arena = Arena.ofShared();
        kernels = new JvmKernelBackend(threads, JvmKernelOptions.floatKernels(2));
        weights = MatrixFixture.matrix(arena, GgmlType.F32, rows, columns, 42);
        x = MatrixFixture.vector(columns * tokens, 7);
        out = new float[rows * tokens];
        xNative = arena.allocate(4L * x.length, 64);
        MemorySegment.copy(x, 0, xNative, ValueLayout.JAVA_FLOAT, 0, x.length);
        outNative = arena.allocate(4L * out.length, 64);
        var linker = Linker.nativeLinker();
        var blas = SymbolLookup.libraryLookup("libopenblas.so.0", arena);
        var i = ValueLayout.JAVA_INT;
        var p = ValueLayout.ADDRESS;
        sgemm = linker.downcallHandle(blas.findOrThrow("cblas_sgemm"), FunctionDescriptor.ofVoid(
                i, i, i, i, i, i, ValueLayout.JAVA_FLOAT, p, i, p, i, ValueLayout.JAVA_FLOAT, p, i));
        linker.downcallHandle(blas.findOrThrow("openblas_set_num_threads"), FunctionDescriptor.ofVoid(i))
                .invokeExact(threads);
        // Both sides must compute the same product, or the comparison means nothing.
        javaPacked();
        openBlas();
        for (int e = 0; e < out.length; e++) {
            float theirs = outNative.getAtIndex(ValueLayout.JAVA_FLOAT, e);
            if (Math.abs(theirs - out[e]) > 1e-3f * (1 + Math.abs(out[e]))) {
                throw new IllegalStateException("OpenBLAS and the Java GEMM disagree at " + e + ": " + theirs + " vs " + out[e]);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
        arena.close();
    }

    @Benchmark
    public float[] javaPacked() {
        kernels.matmul(weights, x, columns, tokens, out, rows);
        return out;
    }

    /** out[tokens × rows] = x[tokens × columns] · Wᵀ, W row-major rows × columns as the checkpoint stores it. */
    @Benchmark
    public MemorySegment openBlas() throws Throwable {
        sgemm.invokeExact(ROW_MAJOR, NO_TRANSPOSE, TRANSPOSE, tokens, rows, columns, 1f, xNative, columns,
                weights.data(), columns, 0f, outNative, rows);
        return outNative;
    }
}
