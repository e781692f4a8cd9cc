package org.archlab.inference.kernels.tornadovm;

import org.archlab.inference.kernels.GatedActivation;
import org.archlab.inference.kernels.tornadovm.KernelParams.Activation;
import org.archlab.inference.kernels.tornadovm.KernelParams.Attention;
import org.archlab.inference.kernels.tornadovm.KernelParams.AttentionScalars;
import org.archlab.inference.kernels.tornadovm.KernelParams.Begin;
import org.archlab.inference.kernels.tornadovm.KernelParams.HeadNorm;
import org.archlab.inference.kernels.tornadovm.KernelParams.NormInto;
import org.archlab.inference.kernels.tornadovm.KernelParams.NormScalars;
import org.archlab.inference.kernels.tornadovm.KernelParams.Product;
import org.archlab.inference.kernels.tornadovm.KernelParams.Residual;
import org.archlab.inference.kernels.tornadovm.KernelParams.Rope;
import org.archlab.inference.kernels.tornadovm.KernelParams.StoreKv;
import org.archlab.inference.kernels.tornadovm.KernelParams.VectorNorm;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.ByteArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The code TornadoVM compiles for the device (OpenCL C or PTX). Every kernel is a {@link KernelContext} kernel
 * with an explicit grid, so reductions use work-group local memory and barriers; a work-group past the live
 * size skips the work but still reaches every barrier.
 *
 * <p>What the device compilers accept shapes the code: no {@code Float.intBitsToFloat} (16-bit floats are decoded
 * through a 65,536-entry table, which also serves devices without fp16), no switch statements, no objects.
 * Sizes and positions that change from call to call arrive in a small {@code IntArray}/{@code FloatArray}
 * transferred with every execution (scalars given to a task are frozen when its graph is built), each slot named in
 * {@link KernelParams}. Each kernel
 * spells out its own tree reduction: the same loop in a helper method taking the local array summed wrongly
 * under TornadoVM 5.2.1 (the kernel tests caught it).
 */
final class DeviceKernels {

    /**
     * Most work-items per weight row in the matrix-vector kernels (the size of their local arrays); the kernels read
     * the actual count from the grid, which the host picks per device ({@link DevicePlan#rowGroup}).
     */
    static final int ROW_GROUP_MAX = 64;
    /** Work-items of the single work-group that normalises a vector. */
    static final int NORM_GROUP = 128;
    /** Work-items per query head in attention. */
    static final int HEAD_GROUP = 64;

    /** Q8_0: a 16-bit scale then 32 signed bytes per block. */
    static final int Q8_0_BLOCK_BYTES = 34;
    /** Q4_0: a 16-bit scale then 16 bytes of two 4-bit values each (low nibbles first, offset by 8). */
    static final int Q4_0_BLOCK_BYTES = 18;

    private DeviceKernels() {
    }

    // Matrix-vector products for one or more tokens, p's slots in {@link Product}: group g computes token
    // t = g % tokens's out[t · rows + r] from row firstRow + r, r = g / tokens, and x[t · columns …]. A row's tokens
    // are neighbouring groups, so on a CPU device the row is still in cache for the next token.

    static void matvecQ8(KernelContext c, ByteArray w, FloatArray halfTable, FloatArray x, FloatArray out, IntArray p) {
        int tokens = p.get(Product.TOKENS);
        int row = c.groupIdx / tokens;
        int token = c.groupIdx - row * tokens;
        int lid = c.localIdx;
        int group = c.localGroupSizeX;
        float[] partial = c.allocateFloatLocalArray(ROW_GROUP_MAX);
        float sum = 0f;
        if (row < p.get(Product.ROWS)) {
            int blocks = p.get(Product.COLUMNS) / 32;
            int rowBase = (p.get(Product.FIRST_ROW) + row) * blocks * Q8_0_BLOCK_BYTES;
            for (int b = lid; b < blocks; b += group) {
                int base = rowBase + b * Q8_0_BLOCK_BYTES;
                float scale = halfTable.get((w.get(base) & 0xFF) | ((w.get(base + 1) & 0xFF) << 8));
                int xBase = token * p.get(Product.COLUMNS) + b * 32;
                float dot = 0f;
                // Two halves per iteration: measured 2x faster on PoCL than one value per iteration (four: slower).
                for (int i = 0; i < 16; i++) {
                    int low = w.get(base + 2 + i);
                    int high = w.get(base + 18 + i);
                    dot += low * x.get(xBase + i) + high * x.get(xBase + 16 + i);
                }
                sum += scale * dot;
            }
        }
        partial[lid] = sum;
        c.localBarrier();
        for (int stride = group / 2; stride > 0; stride /= 2) {
            if (lid < stride) {
                partial[lid] += partial[lid + stride];
            }
            c.localBarrier();
        }
        if (lid == 0 && row < p.get(Product.ROWS)) {
            out.set(token * p.get(Product.ROWS) + row, partial[0]);
        }
    }

    static void matvecQ4(KernelContext c, ByteArray w, FloatArray halfTable, FloatArray x, FloatArray out, IntArray p) {
        int tokens = p.get(Product.TOKENS);
        int row = c.groupIdx / tokens;
        int token = c.groupIdx - row * tokens;
        int lid = c.localIdx;
        int group = c.localGroupSizeX;
        float[] partial = c.allocateFloatLocalArray(ROW_GROUP_MAX);
        float sum = 0f;
        if (row < p.get(Product.ROWS)) {
            int blocks = p.get(Product.COLUMNS) / 32;
            int rowBase = (p.get(Product.FIRST_ROW) + row) * blocks * Q4_0_BLOCK_BYTES;
            for (int b = lid; b < blocks; b += group) {
                int base = rowBase + b * Q4_0_BLOCK_BYTES;
                float scale = halfTable.get((w.get(base) & 0xFF) | ((w.get(base + 1) & 0xFF) << 8));
                int xBase = token * p.get(Product.COLUMNS) + b * 32;
                float dot = 0f;
                for (int i = 0; i < 16; i++) {
                    // Shift then mask, each nibble on its own: (b & 0xFF) >> 4 in one expression came out wrong
                    // from TornadoVM 5.2.1's OpenCL code generator (the kernel test caught it).
                    int packed = w.get(base + 2 + i);
                    float low = (packed & 0x0F) - 8;
                    float high = ((packed >> 4) & 0x0F) - 8;
                    dot += low * x.get(xBase + i) + high * x.get(xBase + 16 + i);
                }
                sum += scale * dot;
            }
        }
        partial[lid] = sum;
        c.localBarrier();
        for (int stride = group / 2; stride > 0; stride /= 2) {
            if (lid < stride) {
                partial[lid] += partial[lid + stride];
            }
            c.localBarrier();
        }
        if (lid == 0 && row < p.get(Product.ROWS)) {
            out.set(token * p.get(Product.ROWS) + row, partial[0]);
        }
    }

    /** F16 or BF16 weights, told apart only by the table that decodes them. */
    static void matvecHalf(KernelContext c, ByteArray w, FloatArray table, FloatArray x, FloatArray out, IntArray p) {
        int tokens = p.get(Product.TOKENS);
        int row = c.groupIdx / tokens;
        int token = c.groupIdx - row * tokens;
        int lid = c.localIdx;
        int group = c.localGroupSizeX;
        float[] partial = c.allocateFloatLocalArray(ROW_GROUP_MAX);
        float sum = 0f;
        if (row < p.get(Product.ROWS)) {
            int columns = p.get(Product.COLUMNS);
            int rowBase = (p.get(Product.FIRST_ROW) + row) * columns * 2;
            for (int i = lid; i < columns; i += group) {
                int at = rowBase + 2 * i;
                sum += table.get((w.get(at) & 0xFF) | ((w.get(at + 1) & 0xFF) << 8)) * x.get(token * columns + i);
            }
        }
        partial[lid] = sum;
        c.localBarrier();
        for (int stride = group / 2; stride > 0; stride /= 2) {
            if (lid < stride) {
                partial[lid] += partial[lid + stride];
            }
            c.localBarrier();
        }
        if (lid == 0 && row < p.get(Product.ROWS)) {
            out.set(token * p.get(Product.ROWS) + row, partial[0]);
        }
    }

    static void matvecF32(KernelContext c, FloatArray w, FloatArray x, FloatArray out, IntArray p) {
        int tokens = p.get(Product.TOKENS);
        int row = c.groupIdx / tokens;
        int token = c.groupIdx - row * tokens;
        int lid = c.localIdx;
        int group = c.localGroupSizeX;
        float[] partial = c.allocateFloatLocalArray(ROW_GROUP_MAX);
        float sum = 0f;
        if (row < p.get(Product.ROWS)) {
            int columns = p.get(Product.COLUMNS);
            int rowBase = (p.get(Product.FIRST_ROW) + row) * columns;
            for (int i = lid; i < columns; i += group) {
                sum += w.get(rowBase + i) * x.get(token * columns + i);
            }
        }
        partial[lid] = sum;
        c.localBarrier();
        for (int stride = group / 2; stride > 0; stride /= 2) {
            if (lid < stride) {
                partial[lid] += partial[lid + stride];
            }
            c.localBarrier();
        }
        if (lid == 0 && row < p.get(Product.ROWS)) {
            out.set(token * p.get(Product.ROWS) + row, partial[0]);
        }
    }

    // Norms: one work-group. Slots of p: {@link VectorNorm}; f: {@link NormScalars}.

    static void rmsNorm(KernelContext c, FloatArray x, FloatArray weight, IntArray p, FloatArray f) {
        int lid = c.localIdx;
        int size = p.get(VectorNorm.LENGTH);
        float[] partial = c.allocateFloatLocalArray(NORM_GROUP);
        float squares = 0f;
        for (int i = lid; i < size; i += NORM_GROUP) {
            squares += x.get(i) * x.get(i);
        }
        partial[lid] = squares;
        c.localBarrier();
        for (int stride = NORM_GROUP / 2; stride > 0; stride /= 2) {
            if (lid < stride) {
                partial[lid] += partial[lid + stride];
            }
            c.localBarrier();
        }
        float scale = 1f / TornadoMath.sqrt(partial[0] / size + f.get(NormScalars.EPS));
        boolean weighted = p.get(VectorNorm.WEIGHTED) == 1;
        for (int i = lid; i < size; i += NORM_GROUP) {
            float w = weighted ? weight.get(i) : 1f;
            x.set(i, x.get(i) * scale * w);
        }
    }

    static void layerNorm(KernelContext c, FloatArray x, FloatArray weight, FloatArray bias, IntArray p, FloatArray f) {
        int lid = c.localIdx;
        int size = p.get(VectorNorm.LENGTH);
        float[] partial = c.allocateFloatLocalArray(NORM_GROUP);
        float sum = 0f;
        for (int i = lid; i < size; i += NORM_GROUP) {
            sum += x.get(i);
        }
        partial[lid] = sum;
        c.localBarrier();
        for (int stride = NORM_GROUP / 2; stride > 0; stride /= 2) {
            if (lid < stride) {
                partial[lid] += partial[lid + stride];
            }
            c.localBarrier();
        }
        float mean = partial[0] / size;
        c.localBarrier();
        float squares = 0f;
        for (int i = lid; i < size; i += NORM_GROUP) {
            float d = x.get(i) - mean;
            squares += d * d;
        }
        partial[lid] = squares;
        c.localBarrier();
        for (int stride = NORM_GROUP / 2; stride > 0; stride /= 2) {
            if (lid < stride) {
                partial[lid] += partial[lid + stride];
            }
            c.localBarrier();
        }
        float scale = 1f / TornadoMath.sqrt(partial[0] / size + f.get(NormScalars.EPS));
        boolean biased = p.get(VectorNorm.BIASED) == 1;
        for (int i = lid; i < size; i += NORM_GROUP) {
            float b = biased ? bias.get(i) : 0f;
            x.set(i, (x.get(i) - mean) * scale * weight.get(i) + b);
        }
    }

    /**
     * RoPE for one position; the host computes each pair's cos and sin (in double, as the JVM backend does) and
     * sends them in {@code cosSin} (cos of pair i at 2i, sin at 2i + 1, the attention factor applied).
     * Slots of p: {@link Rope}; item k rotates pair k % pairs of head k / pairs. Several
     * tokens' heads may come back to back, each token with its own angles ({@code cosSin} token after token).
     */
    static void rope(KernelContext c, FloatArray v, FloatArray cosSin, IntArray p) {
        int k = c.globalIdx;
        int pairs = p.get(Rope.PAIRS);
        if (k < p.get(Rope.HEADS) * pairs) {
            int head = k / pairs;
            int i = k - head * pairs;
            int angle = 2 * ((head / p.get(Rope.HEADS_PER_TOKEN)) * pairs + i);
            int base = head * p.get(Rope.HEAD_DIM);
            int a = p.get(Rope.NEOX) == 1 ? base + i : base + 2 * i;
            int b = p.get(Rope.NEOX) == 1 ? base + i + pairs : base + 2 * i + 1;
            float cos = cosSin.get(angle);
            float sin = cosSin.get(angle + 1);
            float x0 = v.get(a);
            float x1 = v.get(b);
            v.set(a, x0 * cos - x1 * sin);
            v.set(b, x0 * sin + x1 * cos);
        }
    }

    /** The {@link #activation} kind of a gated activation (host side). */
    static int kind(GatedActivation activation) {
        return switch (activation) {
            case SILU -> SILU;
            case GELU_TANH -> GELU_TANH;
            case SWIGLU_OAI -> SWIGLU_OAI;
        };
    }

    /** Kinds of {@link #activation}. */
    static final int SILU = 0;
    static final int GELU_TANH = 1;
    static final int SWIGLU_OAI = 2;
    static final int GELU_ONLY = 3;

    /** gate ← act(gate) · up for the gated kinds; x ← gelu_tanh(x) for {@link #GELU_ONLY}. Slots of p: {@link Activation}. */
    static void activation(KernelContext c, FloatArray gate, FloatArray up, IntArray p) {
        int i = c.globalIdx;
        if (i < p.get(Activation.LENGTH)) {
            int kind = p.get(Activation.KIND);
            float g = gate.get(i);
            float result;
            if (kind == SILU) {
                result = g / (1f + TornadoMath.exp(-g)) * up.get(i);
            } else if (kind == SWIGLU_OAI) {
                float clamped = TornadoMath.min(g, 7f);
                float u = TornadoMath.max(-7f, TornadoMath.min(up.get(i), 7f));
                result = clamped / (1f + TornadoMath.exp(-1.702f * clamped)) * (u + 1f);
            } else {
                float inner = 0.7978846f * (g + 0.044715f * g * g * g);
                float gelu = 0.5f * g * (1f + TornadoMath.tanh(inner));
                result = kind == GELU_ONLY ? gelu : gelu * up.get(i);
            }
            gate.set(i, result);
        }
    }

    /**
     * One query token over a layer's cache, one work-group per query head. Scores go to {@code scores}
     * (head h's at h · capacity), then a softmax with an optional sink, then the weighted sum of values. Slots of p:
     * {@link Attention}; f: {@link AttentionScalars}. Positions before {@link Attention#STEP_START} come from the
     * cache, a ring of {@link Attention#CAPACITY} slots (a position's slot is position mod capacity), later ones from
     * the step's own keys and values ({@code stepKeys}, {@code stepValues}: token after token, kv head after kv head):
     * the resident decoder attends before it stores, so a step longer than a sliding window still finds the positions
     * its first tokens need in a ring of just the window.
     */
    static void attention(KernelContext c, FloatArray query, FloatArray keys, FloatArray values, FloatArray stepKeys,
                          FloatArray stepValues, FloatArray sinks, FloatArray scores, FloatArray out, IntArray p, FloatArray f) {
        int unit = c.groupIdx;
        int lid = c.localIdx;
        int heads = p.get(Attention.HEADS);
        int kvHeads = p.get(Attention.KV_HEADS);
        boolean live = unit < heads * p.get(Attention.TOKENS);
        int token = unit / heads;
        int head = unit - token * heads;
        int kvHead = live ? head / (heads / kvHeads) : 0;
        int headDim = p.get(Attention.HEAD_DIM);
        int valueDim = p.get(Attention.VALUE_DIM);
        int position = p.get(Attention.FIRST) + p.get(Attention.COUNT) - 1 + token;
        int window = p.get(Attention.WINDOW);
        int first = p.get(Attention.FIRST);
        if (window > 0 && position - window + 1 > first) {
            first = position - window + 1;
        }
        int count = position - first + 1;
        int capacity = p.get(Attention.CAPACITY);
        int valueStride = p.get(Attention.VALUE_STRIDE);
        int keyBase = p.get(Attention.KEY_BASE);
        int valueBase = p.get(Attention.VALUE_BASE);
        int stepStart = p.get(Attention.STEP_START);
        float scale = f.get(AttentionScalars.SCALE);
        float softcap = f.get(AttentionScalars.SOFTCAP);
        float[] partial = c.allocateFloatLocalArray(HEAD_GROUP);
        int scoreBase = unit * capacity;

        // The attended span's first `cached` positions come from the cache, the rest from the step. Two loops one after
        // the other, not an if/else around a loop: TornadoVM 5.2.1 merged the float results of such branches wrongly
        // (the kernel tests caught it).
        int cached = stepStart - first;
        if (cached > count) {
            cached = count;
        }
        if (cached < 0) {
            cached = 0;
        }

        float max = -3.0e38f;
        if (live) {
            for (int t = lid; t < cached; t += HEAD_GROUP) {
                int key = keyBase + (kvHead * capacity + (first + t) % capacity) * headDim;
                float dot = 0f;
                for (int i = 0; i < headDim; i++) {
                    dot += query.get(unit * headDim + i) * keys.get(key + i);
                }
                float s = dot * scale;
                if (softcap > 0f) {
                    s = softcap * TornadoMath.tanh(s / softcap);
                }
                scores.set(scoreBase + t, s);
                max = TornadoMath.max(max, s);
            }
            for (int t = cached + lid; t < count; t += HEAD_GROUP) {
                int key = ((first + t - stepStart) * kvHeads + kvHead) * headDim;
                float dot = 0f;
                for (int i = 0; i < headDim; i++) {
                    dot += query.get(unit * headDim + i) * stepKeys.get(key + i);
                }
                float s = dot * scale;
                if (softcap > 0f) {
                    s = softcap * TornadoMath.tanh(s / softcap);
                }
                scores.set(scoreBase + t, s);
                max = TornadoMath.max(max, s);
            }
        }
        partial[lid] = max;
        c.localBarrier();
        for (int stride = HEAD_GROUP / 2; stride > 0; stride /= 2) {
            if (lid < stride) {
                partial[lid] = TornadoMath.max(partial[lid], partial[lid + stride]);
            }
            c.localBarrier();
        }
        boolean sink = p.get(Attention.HAS_SINKS) == 1;
        float sinkLogit = sink && live ? sinks.get(p.get(Attention.SINK_BASE) + head) : -3.0e38f;
        max = TornadoMath.max(partial[0], sinkLogit);
        c.localBarrier();

        float sum = 0f;
        if (live) {
            for (int t = lid; t < count; t += HEAD_GROUP) {
                float e = TornadoMath.exp(scores.get(scoreBase + t) - max);
                scores.set(scoreBase + t, e);
                sum += e;
            }
        }
        partial[lid] = sum;
        c.localBarrier();
        for (int stride = HEAD_GROUP / 2; stride > 0; stride /= 2) {
            if (lid < stride) {
                partial[lid] += partial[lid + stride];
            }
            c.localBarrier();
        }
        float total = partial[0] + (sink ? TornadoMath.exp(sinkLogit - max) : 0f);
        c.globalBarrier();

        if (live) {
            float inverse = 1f / total;
            for (int d = lid; d < valueDim; d += HEAD_GROUP) {
                float acc = 0f;
                for (int t = 0; t < cached; t++) {
                    acc += scores.get(scoreBase + t) * values.get(valueBase + (kvHead * capacity + (first + t) % capacity) * valueStride + d);
                }
                for (int t = cached; t < count; t++) {
                    acc += scores.get(scoreBase + t) * stepValues.get(((first + t - stepStart) * kvHeads + kvHead) * valueDim + d);
                }
                out.set(unit * valueDim + d, acc * inverse);
            }
        }
    }

    // The resident decoder's own kernels: weights and caches of all layers stacked, a layer located by offsets.

    /** x ← the tokens' embedding rows when the step starts at layer 0. Slots of p: {@link Begin}. */
    static void beginToken(KernelContext c, FloatArray x, FloatArray embedding, IntArray p) {
        int i = c.globalIdx;
        if (p.get(Begin.LAYER) == 0 && i < p.get(Begin.LENGTH)) {
            x.set(i, embedding.get(i));
        }
    }

    /**
     * out ← RMSNorm(x) · weight[weightOffset …], a work-group per token: group g normalises token firstToken + g
     * of x into row g of out. Slots of p: {@link NormInto}; f: {@link NormScalars}.
     */
    static void normInto(KernelContext c, FloatArray x, FloatArray out, FloatArray weight, IntArray p, FloatArray f) {
        int lid = c.localIdx;
        int size = p.get(NormInto.WIDTH);
        int offset = p.get(NormInto.WEIGHT_OFFSET);
        int in = (p.get(NormInto.FIRST_TOKEN) + c.groupIdx) * size;
        int to = c.groupIdx * size;
        float[] partial = c.allocateFloatLocalArray(NORM_GROUP);
        float squares = 0f;
        for (int i = lid; i < size; i += NORM_GROUP) {
            squares += x.get(in + i) * x.get(in + i);
        }
        partial[lid] = squares;
        c.localBarrier();
        for (int stride = NORM_GROUP / 2; stride > 0; stride /= 2) {
            if (lid < stride) {
                partial[lid] += partial[lid + stride];
            }
            c.localBarrier();
        }
        float scale = 1f / TornadoMath.sqrt(partial[0] / size + f.get(NormScalars.EPS));
        for (int i = lid; i < size; i += NORM_GROUP) {
            out.set(to + i, x.get(in + i) * scale * weight.get(offset + i));
        }
    }

    /**
     * RMSNorm of each head in place, one work-group per head (several tokens' heads back to back count as more
     * heads). Slots of p: {@link HeadNorm}; f: {@link NormScalars}.
     */
    static void headNorm(KernelContext c, FloatArray v, FloatArray weight, IntArray p, FloatArray f) {
        int head = c.groupIdx;
        int lid = c.localIdx;
        int headDim = p.get(HeadNorm.HEAD_DIM);
        boolean live = head < p.get(HeadNorm.HEADS);
        int base = head * headDim;
        float[] partial = c.allocateFloatLocalArray(HEAD_GROUP);
        float squares = 0f;
        if (live) {
            for (int i = lid; i < headDim; i += HEAD_GROUP) {
                squares += v.get(base + i) * v.get(base + i);
            }
        }
        partial[lid] = squares;
        c.localBarrier();
        for (int stride = HEAD_GROUP / 2; stride > 0; stride /= 2) {
            if (lid < stride) {
                partial[lid] += partial[lid + stride];
            }
            c.localBarrier();
        }
        if (live) {
            float scale = 1f / TornadoMath.sqrt(partial[0] / headDim + f.get(NormScalars.EPS));
            for (int i = lid; i < headDim; i += HEAD_GROUP) {
                v.set(base + i, v.get(base + i) * scale * weight.get(p.get(HeadNorm.WEIGHT_OFFSET) + i));
            }
        }
    }

    /**
     * The step's keys and values into the layer-stacked, head-major caches (each layer a ring of its capacity's
     * slots); token t goes to position + t, tokens before {@link StoreKv#FIRST_TOKEN} not at all. Slots of p:
     * {@link StoreKv}; item = (token · kvHeads + kvHead) · width + i.
     */
    static void storeKv(KernelContext c, FloatArray k, FloatArray v, FloatArray keys, FloatArray values, IntArray p) {
        int item = c.globalIdx;
        int headDim = p.get(StoreKv.HEAD_DIM);
        int valueDim = p.get(StoreKv.VALUE_DIM);
        int capacity = p.get(StoreKv.CAPACITY);
        int width = headDim > valueDim ? headDim : valueDim;
        int unit = item / width;
        int i = item - unit * width;
        if (unit < p.get(StoreKv.KV_UNITS)) {
            int token = unit / p.get(StoreKv.KV_HEADS);
            int kvHead = unit - token * p.get(StoreKv.KV_HEADS);
            int slot = (p.get(StoreKv.POSITION) + token) % capacity;
            if (token >= p.get(StoreKv.FIRST_TOKEN)) {
                if (i < headDim) {
                    keys.set(p.get(StoreKv.KEY_BASE) + (kvHead * capacity + slot) * headDim + i, k.get(unit * headDim + i));
                }
                if (i < valueDim) {
                    values.set(p.get(StoreKv.VALUE_BASE) + (kvHead * capacity + slot) * valueDim + i, v.get(unit * valueDim + i));
                }
            }
        }
    }

    /** x ← x + delta (the residual). Slots of p: {@link Residual}. */
    static void addInto(KernelContext c, FloatArray x, FloatArray delta, IntArray p) {
        int i = c.globalIdx;
        if (i < p.get(Residual.LENGTH)) {
            x.set(i, x.get(i) + delta.get(i));
        }
    }
}
