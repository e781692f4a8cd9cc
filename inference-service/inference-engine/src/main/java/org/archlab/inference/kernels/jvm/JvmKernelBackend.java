package org.archlab.inference.kernels.jvm;

import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.kernels.AttentionStep;
import org.archlab.inference.kernels.GatedActivation;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.RotaryTable;
import org.archlab.inference.tensor.GgmlType;
import org.archlab.inference.tensor.WeightTensor;

import java.lang.foreign.MemorySegment;

/**
 * The always-available backend: Vector API kernels, rows and heads split over the requested number of
 * threads (the caller is one of them). Small operations (norms, RoPE, activations) run on the calling thread: they cost
 * O(hidden) against the O(hidden²) matmuls.
 */
public final class JvmKernelBackend implements KernelBackend {

    /** Rows per task; small enough to balance two to sixteen threads, large enough to amortise the fork. */
    private static final int ROWS_PER_TASK = 64;
    private static final ThreadLocal<float[]> DECODED = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[0]);
    /** The caller's quantised activations and packed tokens: filled before a loop, read by every thread in it. */
    private static final ThreadLocal<QuantizedActivations> QUANTIZED = ThreadLocal.withInitial(QuantizedActivations::new);
    private static final ThreadLocal<float[]> PACKED = ThreadLocal.withInitial(() -> new float[0]);
    private static final System.Logger LOG = System.getLogger(JvmKernelBackend.class.getName());

    private final ParallelLoop loop;
    private final int threads;
    private final JvmKernelOptions options;

    /** A backend with the kernels {@link JvmKernelOptions#detect()} chooses for this CPU. */
    public JvmKernelBackend(int threads) {
        this(threads, JvmKernelOptions.detect());
    }

    public JvmKernelBackend(int threads, JvmKernelOptions options) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.threads = threads;
        this.options = options;
        this.loop = new ParallelLoop(threads);
        LOG.log(System.Logger.Level.INFO, "JVM kernels: Q8_0 decode {0}, Q4_0 decode {1}, packed GEMM from {2} tokens ({3})",
                options.integerQ8() ? "integer" : "float", options.integerQ4() ? "integer" : "float",
                String.valueOf(options.gemmMinTokens()), options.reason());
    }

    public JvmKernelOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "jvm";
    }

    @Override
    public String device() {
        return "Vector API " + RowDot.F.vectorBitSize() + "-bit, " + threads + " threads";
    }

    @Override
    public void matvec(WeightTensor w, int firstRow, int rows, float[] x, int xOffset, float[] out, int outOffset) {
        int columns = w.columns();
        long rowBytes = w.rowBytes();
        MemorySegment data = w.data();
        boolean integer = w.type() == GgmlType.Q8_0 ? options.integerQ8() : w.type() == GgmlType.Q4_0 && options.integerQ4();
        if (integer) {
            matvecInteger(w, firstRow, rows, QUANTIZED.get().quantize(x, xOffset, columns), out, outOffset);
            return;
        }
        // Q4_0 stores q + 8; Σ(q−8)·x = Σq·x − 8·Σx, and the block sums of x are shared by every row.
        float[] xBlockSums = w.type() == GgmlType.Q4_0
                ? RowDot.blockSums(x, xOffset, columns) : null;
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        loop.forEach(tasks, task -> {
            int from = task * ROWS_PER_TASK;
            int to = Math.min(rows, from + ROWS_PER_TASK);
            for (int r = from; r < to; r++) {
                long offset = (firstRow + r) * rowBytes;
                out[outOffset + r] = switch (w.type()) {
                    case F32 -> RowDot.f32(data, offset, x, xOffset, columns);
                    case F16 -> RowDot.f16(data, offset, x, xOffset, columns);
                    case BF16 -> RowDot.bf16(data, offset, x, xOffset, columns);
                    case Q8_0 -> RowDot.q8_0(data, offset, x, xOffset, columns);
                    case Q4_0 -> RowDot.q4_0(data, offset, x, xOffset, xBlockSums, columns);
                };
            }
        });
    }

    /** Q8_0/Q4_0 rows times activations quantised once for all rows (llama.cpp's Q8_0 activation scheme). */
    private void matvecInteger(WeightTensor w, int firstRow, int rows, QuantizedActivations x, float[] out, int outOffset) {
        int columns = w.columns();
        long rowBytes = w.rowBytes();
        MemorySegment data = w.data();
        boolean q8 = w.type() == GgmlType.Q8_0;
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        loop.forEach(tasks, task -> {
            int to = Math.min(rows, (task + 1) * ROWS_PER_TASK);
            for (int r = task * ROWS_PER_TASK; r < to; r++) {
                long offset = (firstRow + r) * rowBytes;
                out[outOffset + r] = q8 ? IntegerDot.q8_0(data, offset, x, columns) : IntegerDot.q4_0(data, offset, x, columns);
            }
        });
    }

    @Override
    public void matmul(WeightTensor w, float[] x, int xStride, int tokens, float[] out, int outStride) {
        if (tokens >= options.gemmMinTokens()) {
            packedGemm(w, x, xStride, tokens, out, outStride);
        } else {
            tiledMatmul(w, x, xStride, tokens, out, outStride);
        }
    }

    /** The packed, register-tiled GEMM: tokens packed once, each weight row decoded once per batch. */
    private void packedGemm(WeightTensor w, float[] x, int xStride, int tokens, float[] out, int outStride) {
        int columns = w.columns();
        int rows = w.rows();
        long rowBytes = w.rowBytes();
        MemorySegment data = w.data();
        float[] packed = PACKED.get();
        if (packed.length < PackedGemm.packedLength(tokens, columns)) {
            packed = new float[PackedGemm.packedLength(tokens, columns)];
            PACKED.set(packed);
        }
        float[] tokensPacked = packed;
        loop.forEach(PackedGemm.panels(tokens), panel -> PackedGemm.packPanel(x, xStride, tokens, columns, panel, tokensPacked));
        int block = PackedGemm.ROWS_PER_TASK;
        int tileLength = block * PackedGemm.panels(tokens) * PackedGemm.PANEL;
        loop.forEach((rows + block - 1) / block, task -> {
            float[] decoded = DECODED.get();
            if (decoded.length < block * columns) {
                decoded = new float[block * columns];
                DECODED.set(decoded);
            }
            float[] tile = TILE.get();
            if (tile.length < tileLength) {
                tile = new float[tileLength];
                TILE.set(tile);
            }
            int first = task * block;
            int count = Math.min(block, rows - first);
            for (int j = 0; j < count; j++) {
                decodeRow(w, data, (first + j) * rowBytes, decoded, j * columns, columns);
            }
            // The micro-kernel works on whole 6-row tiles: rows past the matrix multiply as zeros.
            int padded = (count + PackedGemm.MR - 1) / PackedGemm.MR * PackedGemm.MR;
            java.util.Arrays.fill(decoded, count * columns, padded * columns, 0f);
            PackedGemm.rowsTimesPanels(decoded, count, columns, tokensPacked, tokens, out, outStride, first, tile);
        });
    }

    /** The row-decoding 4 × 4 tiles: better than the GEMM's packing for a handful of tokens. */
    private void tiledMatmul(WeightTensor w, float[] x, int xStride, int tokens, float[] out, int outStride) {
        int columns = w.columns();
        int rows = w.rows();
        long rowBytes = w.rowBytes();
        MemorySegment data = w.data();
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        loop.forEach(tasks, task -> {
            float[] decoded = DECODED.get();
            if (decoded.length < TiledMatmul.ROWS * columns) {
                decoded = new float[TiledMatmul.ROWS * columns];
                DECODED.set(decoded);
            }
            int end = Math.min(rows, (task + 1) * ROWS_PER_TASK);
            for (int r = task * ROWS_PER_TASK; r < end; r += TiledMatmul.ROWS) {
                int block = Math.min(TiledMatmul.ROWS, end - r);
                for (int j = 0; j < block; j++) {
                    decodeRow(w, data, (r + j) * rowBytes, decoded, j * columns, columns);
                }
                TiledMatmul.rowsTimesTokens(decoded, block, columns, x, xStride, tokens, out, outStride, r);
            }
        });
    }

    private static void decodeRow(WeightTensor w, MemorySegment data, long offset, float[] out, int outOffset, int columns) {
        switch (w.type()) {
            case F32 -> RowDecode.f32(data, offset, out, outOffset, columns);
            case F16 -> RowDecode.f16(data, offset, out, outOffset, columns);
            case BF16 -> RowDecode.bf16(data, offset, out, outOffset, columns);
            case Q8_0 -> RowDecode.q8_0(data, offset, out, outOffset, columns);
            case Q4_0 -> RowDecode.q4_0(data, offset, out, outOffset, columns);
        }
    }

    @Override
    public void rmsNorm(float[] x, int offset, int size, float[] weight, float eps) {
        double squares = 0;
        for (int i = 0; i < size; i++) {
            squares += (double) x[offset + i] * x[offset + i];
        }
        float scale = (float) (1.0 / Math.sqrt(squares / size + eps));
        for (int i = 0; i < size; i++) {
            x[offset + i] = x[offset + i] * scale * (weight == null ? 1f : weight[i]);
        }
    }

    @Override
    public void layerNorm(float[] x, int offset, int size, float[] weight, float[] bias, float eps) {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += x[offset + i];
        }
        float mean = (float) (sum / size);
        double variance = 0;
        for (int i = 0; i < size; i++) {
            float d = x[offset + i] - mean;
            variance += (double) d * d;
        }
        float scale = (float) (1.0 / Math.sqrt(variance / size + eps));
        for (int i = 0; i < size; i++) {
            x[offset + i] = (x[offset + i] - mean) * scale * weight[i] + (bias == null ? 0f : bias[i]);
        }
    }

    @Override
    public void rope(float[] v, int offset, int heads, int headDim, RotaryTable table, int position) {
        int pairs = table.rotaryDims() / 2;
        float[] frequencies = table.inverseFrequencies();
        float factor = table.attentionFactor();
        for (int i = 0; i < pairs; i++) {
            double angle = (double) position * frequencies[i];
            float cos = (float) Math.cos(angle) * factor;
            float sin = (float) Math.sin(angle) * factor;
            for (int h = 0; h < heads; h++) {
                int base = offset + h * headDim;
                int a = table.neox() ? base + i : base + 2 * i;
                int b = table.neox() ? base + i + pairs : base + 2 * i + 1;
                float x0 = v[a];
                float x1 = v[b];
                v[a] = x0 * cos - x1 * sin;
                v[b] = x0 * sin + x1 * cos;
            }
        }
    }

    @Override
    public void attention(AttentionStep step) {
        loop.forEach(GroupedQueryAttention.parts(step, threads), part -> GroupedQueryAttention.attend(step, part, threads));
    }

    @Override
    public boolean attendsOver(KvCacheType type) {
        return true;
    }

    @Override
    public void gatedActivation(GatedActivation activation, float[] gate, float[] up, int n) {
        Activations.gated(activation, gate, up, n);
    }

    @Override
    public void gelu(float[] x, int n) {
        Activations.geluTanh(x, n);
    }


    @Override
    public void close() {
        loop.close();
    }
}
