package org.archlab.inference.jmh;

import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.cache.LayerCache;
import org.archlab.inference.kernels.AttentionStep;
import org.archlab.inference.kernels.jvm.JvmKernelBackend;
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

import java.util.concurrent.TimeUnit;

/**
 * Decode's attention over one layer's cache, per KV cache format, at a Llama-3.2-1B layer's shape (32 query heads
 * sharing 8 key/value heads of 64 dims). Past a few thousand positions the step streams the cache: an F16 or BF16
 * cache holds half the bytes of F32, so the step should take about half as long where memory bandwidth bounds it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class AttentionBenchmark {

    private static final int HEADS = 32;
    private static final int KV_HEADS = 8;
    private static final int HEAD_DIM = 64;

    @Param({"F32", "F16", "BF16"})
    public KvCacheType kvType;

    @Param({"4096", "32768"})
    public int positions;

    @Param({"1", "2"})
    public int threads;

    private JvmKernelBackend kernels;
    private AttentionStep step;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = new JvmKernelBackend(threads);
        var cache = new LayerCache(positions, KV_HEADS, HEAD_DIM, HEAD_DIM, kvType);
        float[] keys = MatrixFixture.vector(KV_HEADS * HEAD_DIM, 3);
        float[] values = MatrixFixture.vector(KV_HEADS * HEAD_DIM, 5);
        for (int p = 0; p < positions; p++) {
            cache.store(p, keys, 0, values, 0);
        }
        step = new AttentionStep(MatrixFixture.vector(HEADS * HEAD_DIM, 7), HEADS, cache, positions - 1, 0, 0,
                (float) (1 / Math.sqrt(HEAD_DIM)), 0, null, new float[HEADS * HEAD_DIM]);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
    }

    @Benchmark
    public float[] attention() {
        kernels.attention(step);
        return step.out();
    }
}
