package org.archlab.inference.kernels.tornadovm;

import org.archlab.inference.kernels.RotaryTable;
import org.archlab.inference.kernels.tornadovm.KernelParams.Attention;
import org.archlab.inference.kernels.tornadovm.KernelParams.AttentionScalars;
import org.archlab.inference.kernels.tornadovm.KernelParams.Begin;
import org.archlab.inference.kernels.tornadovm.KernelParams.HeadNorm;
import org.archlab.inference.kernels.tornadovm.KernelParams.NormInto;
import org.archlab.inference.kernels.tornadovm.KernelParams.NormScalars;
import org.archlab.inference.kernels.tornadovm.KernelParams.Product;
import org.archlab.inference.kernels.tornadovm.KernelParams.Residual;
import org.archlab.inference.kernels.tornadovm.KernelParams.StoreKv;
import org.archlab.inference.model.DenseDecoderLayout;
import org.archlab.inference.model.ResidentDecoder;
import org.archlab.inference.tensor.WeightTensor;
import uk.ac.manchester.tornado.api.DataRange;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * A dense model's forward steps entirely on the device. Weights of all layers are stacked per kind and uploaded on the
 * first execution; the KV cache, the residual stream and every intermediate vector live on the device from then on.
 * Two task graphs share one execution plan: the layer graph, executed once per layer with the layer index (and the
 * offsets it implies) in small parameter arrays, and the head graph (final norm and output projection), which reads
 * the residual stream the layer graph persisted. A step takes up to {@link #MAX_TOKENS} tokens (a prompt in
 * batches, one token when decoding): it moves their embedding rows and ~100 parameter ints in and the requested
 * logits out; each kernel is compiled once, not once per layer, and grids are resized to the step's tokens.
 *
 * <p>The KV cache is laid out by {@link DeviceKvLayout}: a sliding-window layer keeps a ring of its window, not the
 * whole context. A step attends before it stores, reading its own tokens' keys and values where they were projected,
 * so even a step longer than the window finds every position its tokens attend to. Every kernel parameter that
 * changes between executions sits in a named slot of a small array ({@link KernelParams}).
 */
final class DeviceDecoder implements ResidentDecoder {

    private static final int ELEMENT_GROUP = 64;
    /** Tokens one step may carry: a matrix row is then read once for all of them (cache-resident on a CPU device). */
    static final int MAX_TOKENS = 16;

    private final DenseDecoderLayout layout;
    private final int layers;
    private final int vocab;
    private final int rowGroup;
    private final DeviceKvLayout cache;
    private final FloatArray embedding;
    private final FloatArray cosSin;
    private final FloatArray logits;
    /** The host's copies of the logits, reused by every step. */
    private final float[][] logitRows;
    private final IntArray pOutputNorm;
    private final IntArray pHead;
    private final TornadoExecutionPlan plan;
    /** Sets what changes from layer to layer and token to token before the layer graph runs layer l. */
    private final IntConsumer prepareLayer;
    /** Every task's grid and its work-items per token, resized when a step's token count changes. */
    private final List<ScaledGrid> grids = new ArrayList<>();
    /** Each writes the step's token count into a parameter that carries it. */
    private final List<Runnable> tokenCountSetters = new ArrayList<>();
    private int tokens;
    private int headTokens;
    private int position;

    DeviceDecoder(DenseDecoderLayout layout, TornadoDevice device) {
        this.layout = layout;
        this.layers = layout.layers().size();
        this.rowGroup = DevicePlan.rowGroup(device);
        int hidden = layout.hidden();
        int qSize = layout.heads() * layout.headDim();
        int kSize = layout.kvHeads() * layout.headDim();
        int vSize = layout.kvHeads() * layout.valueDim();
        int attended = layout.heads() * layout.valueDim();
        int ffn = layout.ffnWidth();
        this.vocab = layout.head().rows();
        int b = MAX_TOKENS;
        this.cache = new DeviceKvLayout(layout);
        int context = layout.maxTokens();

        var layerTables = new HalfTables();
        StackedMatrix wq = StackedMatrix.of("attn_q", each(l -> l.q()), layerTables);
        StackedMatrix wk = StackedMatrix.of("attn_k", each(l -> l.k()), layerTables);
        StackedMatrix wv = StackedMatrix.of("attn_v", each(l -> l.v()), layerTables);
        StackedMatrix wo = StackedMatrix.of("attn_output", each(l -> l.output()), layerTables);
        StackedMatrix wGate = StackedMatrix.of("ffn_gate", each(l -> l.gate()), layerTables);
        StackedMatrix wUp = StackedMatrix.of("ffn_up", each(l -> l.up()), layerTables);
        StackedMatrix wDown = StackedMatrix.of("ffn_down", each(l -> l.down()), layerTables);
        StackedMatrix wHead = StackedMatrix.of("output", List.of(layout.head()), new HalfTables());

        FloatArray attentionNorms = stack(hidden, l -> l.attentionNorm());
        FloatArray ffnNorms = stack(hidden, l -> l.ffnNorm());
        boolean postNorms = layout.postNorms();
        FloatArray postAttentionNorms = postNorms ? stack(hidden, l -> l.postAttentionNorm()) : new FloatArray(1);
        FloatArray postFfnNorms = postNorms ? stack(hidden, l -> l.postFfnNorm()) : new FloatArray(1);
        FloatArray qNorms = layout.qkNorm() ? stack(layout.headDim(), l -> l.qNorm()) : new FloatArray(1);
        FloatArray kNorms = layout.qkNorm() ? stack(layout.headDim(), l -> l.kNorm()) : new FloatArray(1);
        boolean sinks = layout.layers().getFirst().sinks() != null;
        FloatArray sinkLogits = sinks ? stack(layout.heads(), l -> l.sinks()) : new FloatArray(1);
        FloatArray outputNorm = FloatArray.fromArray(layout.outputNorm());

        FloatArray x = new FloatArray(b * hidden);
        FloatArray xb = new FloatArray(b * hidden);
        FloatArray delta = new FloatArray(b * hidden);
        FloatArray q = new FloatArray(b * qSize);
        FloatArray k = new FloatArray(b * kSize);
        FloatArray v = new FloatArray(b * vSize);
        FloatArray attention = new FloatArray(b * attended);
        FloatArray gate = new FloatArray(b * ffn);
        FloatArray up = new FloatArray(b * ffn);
        FloatArray keys = new FloatArray(cache.keyFloats());
        FloatArray values = new FloatArray(cache.valueFloats());
        // a query head's scores at unit · (its layer's capacity): the longest layer's is the largest stride
        FloatArray scores = new FloatArray(b * layout.heads() * context);
        embedding = new FloatArray(b * hidden);
        logits = new FloatArray(b * vocab);
        logitRows = new float[b][vocab];
        int pairs = layout.layers().stream().filter(l -> l.rope() != null).mapToInt(l -> l.rope().rotaryDims() / 2).max().orElse(0);
        cosSin = new FloatArray(b * Math.max(2, 2 * pairs));
        float[] angles = new float[cosSin.getSize()];
        FloatArray eps = new FloatArray(NormScalars.SIZE);
        eps.set(NormScalars.EPS, layout.eps());
        FloatArray attentionScalars = new FloatArray(AttentionScalars.SIZE);
        attentionScalars.set(AttentionScalars.SCALE, layout.queryScale());
        attentionScalars.set(AttentionScalars.SOFTCAP, layout.softcap());

        String layerGraph = DevicePlan.graphName("layer");
        String headGraph = DevicePlan.graphName("head");
        var scheduler = new GridScheduler();
        var graph = new TaskGraph(layerGraph);
        var params = new ArrayList<IntArray>();

        IntArray pBegin = params(params, Begin.SIZE);
        IntArray pAttentionNorm = normInto(params, hidden);
        IntArray pQ = product(params, qSize, hidden);
        IntArray pK = product(params, kSize, hidden);
        IntArray pV = product(params, vSize, hidden);
        IntArray pQNorm = headNorm(params, layout.headDim());
        IntArray pKNorm = headNorm(params, layout.headDim());
        IntArray pRopeQ = rope(params, layout.headDim(), pairs, layout.heads());
        IntArray pRopeK = rope(params, layout.headDim(), pairs, layout.kvHeads());
        IntArray pStore = params(params, StoreKv.SIZE);
        pStore.set(StoreKv.HEAD_DIM, layout.headDim());
        pStore.set(StoreKv.VALUE_DIM, layout.valueDim());
        pStore.set(StoreKv.KV_HEADS, layout.kvHeads());
        IntArray pAttention = params(params, Attention.SIZE);
        pAttention.set(Attention.HEADS, layout.heads());
        pAttention.set(Attention.KV_HEADS, layout.kvHeads());
        pAttention.set(Attention.HEAD_DIM, layout.headDim());
        pAttention.set(Attention.VALUE_DIM, layout.valueDim());
        pAttention.set(Attention.VALUE_STRIDE, layout.valueDim());
        pAttention.set(Attention.HAS_SINKS, sinks ? 1 : 0);
        pAttention.set(Attention.TOKENS, 1);
        IntArray pO = product(params, hidden, attended);
        IntArray pHidden = params(params, Residual.SIZE);
        pHidden.set(Residual.LENGTH, hidden);
        IntArray pFfnNorm = normInto(params, hidden);
        IntArray pPostAttentionNorm = normInto(params, hidden);
        IntArray pPostFfnNorm = normInto(params, hidden);
        IntArray pGate = product(params, ffn, hidden);
        IntArray pUp = product(params, ffn, hidden);
        IntArray pActivation = params(params, KernelParams.Activation.SIZE);
        pActivation.set(KernelParams.Activation.KIND, DeviceKernels.kind(layout.activation()));
        IntArray pDown = product(params, hidden, ffn);
        // What scales with the step's token count: sizes of element-wise work, head counts, the products' tokens.
        for (IntArray product : List.of(pQ, pK, pV, pO, pGate, pUp, pDown)) {
            tokenCountSetters.add(() -> product.set(Product.TOKENS, tokens));
        }
        tokenCountSetters.add(() -> pBegin.set(Begin.LENGTH, tokens * hidden));
        tokenCountSetters.add(() -> pHidden.set(Residual.LENGTH, tokens * hidden));
        tokenCountSetters.add(() -> pActivation.set(KernelParams.Activation.LENGTH, tokens * ffn));
        tokenCountSetters.add(() -> pQNorm.set(HeadNorm.HEADS, tokens * layout.heads()));
        tokenCountSetters.add(() -> pKNorm.set(HeadNorm.HEADS, tokens * layout.kvHeads()));
        tokenCountSetters.add(() -> pStore.set(StoreKv.KV_UNITS, tokens * layout.kvHeads()));
        tokenCountSetters.add(() -> pAttention.set(Attention.TOKENS, tokens));

        FloatArray normedDelta = new FloatArray(b * hidden);
        var uploads = new ArrayList<Object>(List.of(attentionNorms, ffnNorms, postAttentionNorms, postFfnNorms, normedDelta,
                qNorms, kNorms, sinkLogits, eps, attentionScalars,
                x, xb, delta, q, k, v, attention, gate, up, keys, values, scores));
        for (StackedMatrix m : List.of(wq, wk, wv, wo, wGate, wUp, wDown)) {
            uploads.addAll(List.of(m.uploads()));
        }
        graph.transferToDevice(DataTransferMode.FIRST_EXECUTION, uploads.stream().distinct().toArray());
        var everyStep = new ArrayList<Object>(params);
        everyStep.add(embedding);
        everyStep.add(cosSin);
        graph.transferToDevice(DataTransferMode.EVERY_EXECUTION, everyStep.toArray());

        task(graph, scheduler, "begin", hidden, ELEMENT_GROUP,
                g -> g.task("begin", DeviceKernels::beginToken, new KernelContext(), x, embedding, pBegin));
        task(graph, scheduler, "attnNorm", DeviceKernels.NORM_GROUP, DeviceKernels.NORM_GROUP,
                g -> g.task("attnNorm", DeviceKernels::normInto, new KernelContext(), x, xb, attentionNorms, pAttentionNorm, eps));
        product(graph, scheduler, "q", wq, xb, q, pQ);
        product(graph, scheduler, "k", wk, xb, k, pK);
        product(graph, scheduler, "v", wv, xb, v, pV);
        if (layout.qkNorm()) {
            task(graph, scheduler, "qNorm", layout.heads() * DeviceKernels.HEAD_GROUP, DeviceKernels.HEAD_GROUP,
                    g -> g.task("qNorm", DeviceKernels::headNorm, new KernelContext(), q, qNorms, pQNorm, eps));
            task(graph, scheduler, "kNorm", layout.kvHeads() * DeviceKernels.HEAD_GROUP, DeviceKernels.HEAD_GROUP,
                    g -> g.task("kNorm", DeviceKernels::headNorm, new KernelContext(), k, kNorms, pKNorm, eps));
        }
        task(graph, scheduler, "ropeQ", layout.heads() * Math.max(1, pairs), ELEMENT_GROUP,
                g -> g.task("ropeQ", DeviceKernels::rope, new KernelContext(), q, cosSin, pRopeQ));
        task(graph, scheduler, "ropeK", layout.kvHeads() * Math.max(1, pairs), ELEMENT_GROUP,
                g -> g.task("ropeK", DeviceKernels::rope, new KernelContext(), k, cosSin, pRopeK));
        // Attend first, then store: the step's own keys and values are read where they were projected, so a ring
        // buffer of a sliding window is not overwritten before the step's first tokens have attended to it.
        task(graph, scheduler, "attend", layout.heads() * DeviceKernels.HEAD_GROUP, DeviceKernels.HEAD_GROUP,
                g -> g.task("attend", DeviceKernels::attention, new KernelContext(), q, keys, values, k, v, sinkLogits, scores, attention,
                        pAttention, attentionScalars));
        task(graph, scheduler, "store", layout.kvHeads() * Math.max(layout.headDim(), layout.valueDim()), ELEMENT_GROUP,
                g -> g.task("store", DeviceKernels::storeKv, new KernelContext(), k, v, keys, values, pStore));
        product(graph, scheduler, "o", wo, attention, delta, pO);
        residual(graph, scheduler, "1", x, delta, normedDelta, postNorms ? postAttentionNorms : null, pPostAttentionNorm, pHidden, eps);
        task(graph, scheduler, "ffnNorm", DeviceKernels.NORM_GROUP, DeviceKernels.NORM_GROUP,
                g -> g.task("ffnNorm", DeviceKernels::normInto, new KernelContext(), x, xb, ffnNorms, pFfnNorm, eps));
        product(graph, scheduler, "gate", wGate, xb, gate, pGate);
        product(graph, scheduler, "up", wUp, xb, up, pUp);
        task(graph, scheduler, "act", ffn, ELEMENT_GROUP,
                g -> g.task("act", DeviceKernels::activation, new KernelContext(), gate, up, pActivation));
        product(graph, scheduler, "down", wDown, gate, delta, pDown);
        residual(graph, scheduler, "2", x, delta, normedDelta, postNorms ? postFfnNorms : null, pPostFfnNorm, pHidden, eps);
        graph.persistOnDevice(x);

        // The head graph's own copies of what the layer graph also uses: an array belongs to one graph of a plan.
        FloatArray headEps = new FloatArray(NormScalars.SIZE);
        headEps.set(NormScalars.EPS, layout.eps());
        FloatArray normed = new FloatArray(b * hidden);
        pOutputNorm = KernelParams.of(NormInto.SIZE);
        pOutputNorm.set(NormInto.WIDTH, hidden);
        pHead = KernelParams.of(Product.SIZE);
        pHead.set(Product.ROWS, vocab);
        pHead.set(Product.COLUMNS, hidden);
        pHead.set(Product.TOKENS, 1);
        var head = new TaskGraph(headGraph)
                .consumeFromDevice(layerGraph, x)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, outputNorm, headEps, normed)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, wHead.uploads())
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, pOutputNorm, pHead);
        task(head, scheduler, "outputNorm", DeviceKernels.NORM_GROUP, DeviceKernels.NORM_GROUP,
                g -> g.task("outputNorm", DeviceKernels::normInto, new KernelContext(), x, normed, outputNorm, pOutputNorm, headEps));
        product(head, scheduler, "logits", wHead, normed, logits, pHead);
        // Copied back on demand, only the rows a step asks for: a decode step needs one of MAX_TOKENS.
        head.transferToHost(DataTransferMode.UNDER_DEMAND, logits);

        plan = new TornadoExecutionPlan(graph.snapshot(), head.snapshot()).withDevice(device).withGridScheduler(scheduler);

        prepareLayer = l -> {
            DenseDecoderLayout.Layer spec = layout.layers().get(l);
            pBegin.set(Begin.LAYER, l);
            pAttentionNorm.set(NormInto.WEIGHT_OFFSET, l * hidden);
            pFfnNorm.set(NormInto.WEIGHT_OFFSET, l * hidden);
            pPostAttentionNorm.set(NormInto.WEIGHT_OFFSET, l * hidden);
            pPostFfnNorm.set(NormInto.WEIGHT_OFFSET, l * hidden);
            pQ.set(Product.FIRST_ROW, l * qSize);
            pK.set(Product.FIRST_ROW, l * kSize);
            pV.set(Product.FIRST_ROW, l * vSize);
            pQNorm.set(HeadNorm.WEIGHT_OFFSET, l * layout.headDim());
            pKNorm.set(HeadNorm.WEIGHT_OFFSET, l * layout.headDim());
            pO.set(Product.FIRST_ROW, l * hidden);
            pGate.set(Product.FIRST_ROW, l * ffn);
            pUp.set(Product.FIRST_ROW, l * ffn);
            pDown.set(Product.FIRST_ROW, l * hidden);
            RotaryTable rope = spec.rope();
            pRopeQ.set(KernelParams.Rope.HEADS, rope == null ? 0 : tokens * layout.heads());
            pRopeK.set(KernelParams.Rope.HEADS, rope == null ? 0 : tokens * layout.kvHeads());
            if (rope != null) {
                int ropePairs = rope.rotaryDims() / 2;
                pRopeQ.set(KernelParams.Rope.PAIRS, ropePairs);
                pRopeK.set(KernelParams.Rope.PAIRS, ropePairs);
                pRopeQ.set(KernelParams.Rope.NEOX, rope.neox() ? 1 : 0);
                pRopeK.set(KernelParams.Rope.NEOX, rope.neox() ? 1 : 0);
                for (int t = 0; t < tokens; t++) {
                    RopeAngles.write(rope, position + t, angles, 2 * t * ropePairs);
                }
                MemorySegment.copy(angles, 0, cosSin.getSegment(), ValueLayout.JAVA_FLOAT, 0, 2 * tokens * ropePairs);
            }
            int capacity = cache.capacity(l);
            pStore.set(StoreKv.CAPACITY, capacity);
            pStore.set(StoreKv.POSITION, position);
            pStore.set(StoreKv.KEY_BASE, cache.keyBase(l));
            pStore.set(StoreKv.VALUE_BASE, cache.valueBase(l));
            // a step longer than a ring keeps its last capacity tokens; the earlier ones would share their slots
            pStore.set(StoreKv.FIRST_TOKEN, Math.max(0, tokens - capacity));
            // token 0's attended span; the kernel slides it for the step's later tokens
            int first = spec.window() > 0 ? Math.max(0, position - spec.window() + 1) : 0;
            pAttention.set(Attention.FIRST, first);
            pAttention.set(Attention.COUNT, position - first + 1);
            pAttention.set(Attention.WINDOW, spec.window());
            pAttention.set(Attention.CAPACITY, capacity);
            pAttention.set(Attention.KEY_BASE, cache.keyBase(l));
            pAttention.set(Attention.VALUE_BASE, cache.valueBase(l));
            pAttention.set(Attention.SINK_BASE, l * layout.heads());
            pAttention.set(Attention.STEP_START, position);
        };
    }

    @Override
    public int maxTokensPerStep() {
        return MAX_TOKENS;
    }

    @Override
    public float[][] run(float[] inputs, int count, int start, boolean allLogits) {
        if (count < 1 || count > MAX_TOKENS) {
            throw new IllegalArgumentException("a step carries 1 to " + MAX_TOKENS + " tokens, not " + count);
        }
        if (start < 0 || start + count > layout.maxTokens()) {
            throw new IllegalArgumentException("positions " + start + ".." + (start + count - 1) + " are outside the context of "
                    + layout.maxTokens() + " the device cache was made for");
        }
        position = start;
        resize(count, allLogits ? count : 1);
        MemorySegment.copy(inputs, 0, embedding.getSegment(), ValueLayout.JAVA_FLOAT, 0, count * layout.hidden());
        for (int l = 0; l < layers; l++) {
            prepareLayer.accept(l);
            plan.withGraph(0).execute();
        }
        plan.withGraph(1).execute().transferToHost(new DataRange(logits).withSize((long) headTokens * vocab));
        float[][] out = new float[headTokens][];
        for (int t = 0; t < headTokens; t++) {
            out[t] = logitRows[t];
            MemorySegment.copy(logits.getSegment(), ValueLayout.JAVA_FLOAT, (long) t * vocab * 4, out[t], 0, vocab);
        }
        return out;
    }

    /** Grids and token counts for a step of {@code count} tokens, logits for the last {@code withLogits} of them. */
    private void resize(int count, int withLogits) {
        if (count != tokens || withLogits != headTokens) {
            tokens = count;
            headTokens = withLogits;
            grids.forEach(grid -> grid.resize(grid.head() ? withLogits : count));
            tokenCountSetters.forEach(Runnable::run);
            pOutputNorm.set(NormInto.FIRST_TOKEN, count - withLogits);
            pHead.set(Product.TOKENS, withLogits);
        }
    }

    /** The device's KV cache: full layers for the whole context, sliding layers a ring of their window. */
    @Override
    public long cacheBytes() {
        return cache.bytes();
    }

    /** Whether this decoder was built for the layout (same weights, same context length). */
    boolean serves(DenseDecoderLayout other) {
        return layout.maxTokens() == other.maxTokens() && layout.head() == other.head()
                && layout.layers().getFirst().q() == other.layers().getFirst().q();
    }

    @Override
    public void close() {
        DevicePlan.release(plan);
    }

    private List<WeightTensor> each(Function<DenseDecoderLayout.Layer, WeightTensor> weight) {
        return layout.layers().stream().map(weight).toList();
    }

    private FloatArray stack(int width, Function<DenseDecoderLayout.Layer, float[]> vector) {
        var stacked = new FloatArray(layers * width);
        for (int l = 0; l < layers; l++) {
            MemorySegment.copy(vector.apply(layout.layers().get(l)), 0, stacked.getSegment(), ValueLayout.JAVA_FLOAT,
                    (long) l * width * 4, width);
        }
        return stacked;
    }

    /** A parameter array of {@code size} slots, all 0, sent with every execution. */
    private static IntArray params(List<IntArray> all, int size) {
        IntArray array = KernelParams.of(size);
        all.add(array);
        return array;
    }

    /** A product's parameters: its rows and columns; the first row per layer, the tokens per step. */
    private static IntArray product(List<IntArray> all, int rows, int columns) {
        IntArray p = params(all, Product.SIZE);
        p.set(Product.ROWS, rows);
        p.set(Product.COLUMNS, columns);
        p.set(Product.TOKENS, 1);
        return p;
    }

    /** A norm's parameters: its width; the weight offset per layer. */
    private static IntArray normInto(List<IntArray> all, int width) {
        IntArray p = params(all, NormInto.SIZE);
        p.set(NormInto.WIDTH, width);
        return p;
    }

    private static IntArray headNorm(List<IntArray> all, int headDim) {
        IntArray p = params(all, HeadNorm.SIZE);
        p.set(HeadNorm.HEAD_DIM, headDim);
        return p;
    }

    /** RoPE's parameters: the head shape; heads, pairs and convention per layer. */
    private static IntArray rope(List<IntArray> all, int headDim, int pairs, int headsPerToken) {
        IntArray p = params(all, KernelParams.Rope.SIZE);
        p.set(KernelParams.Rope.HEAD_DIM, headDim);
        p.set(KernelParams.Rope.PAIRS, pairs);
        p.set(KernelParams.Rope.HEADS_PER_TOKEN, headsPerToken);
        return p;
    }

    /** A task whose grid has {@code perToken} work-items per token (rounded up to whole work-groups). */
    private void task(TaskGraph graph, GridScheduler scheduler, String name, int perToken, int local, Consumer<TaskGraph> add) {
        add.accept(graph);
        var grid = new WorkerGrid1D(ScaledGrid.global(perToken, 1, local));
        grid.setLocalWork(local, 1, 1);
        scheduler.addWorkerGrid(graph.getTaskGraphName() + "." + name, grid);
        grids.add(new ScaledGrid(grid, perToken, local, graph.getTaskGraphName().startsWith("head")));
    }

    /** x ← x + delta, delta normalised first when the model has post-norms (its own buffer: arrays do not alias). */
    private void residual(TaskGraph graph, GridScheduler scheduler, String which, FloatArray x, FloatArray delta,
                          FloatArray normedDelta, FloatArray postNorms, IntArray pNorm, IntArray pHidden, FloatArray eps) {
        FloatArray added = delta;
        if (postNorms != null) {
            task(graph, scheduler, "postNorm" + which, DeviceKernels.NORM_GROUP, DeviceKernels.NORM_GROUP,
                    g -> g.task("postNorm" + which, DeviceKernels::normInto, new KernelContext(), delta, normedDelta, postNorms, pNorm, eps));
            added = normedDelta;
        }
        FloatArray residual = added;
        task(graph, scheduler, "residual" + which, pHidden.get(Residual.LENGTH), ELEMENT_GROUP,
                g -> g.task("residual" + which, DeviceKernels::addInto, new KernelContext(), x, residual, pHidden));
    }

    private void product(TaskGraph graph, GridScheduler scheduler, String name, StackedMatrix m, FloatArray x,
                         FloatArray out, IntArray p) {
        task(graph, scheduler, name, m.rows * rowGroup, rowGroup, g -> m.addProduct(g, name, x, out, p));
    }

    /** A grid sized per token, resized per step: the layer graph's for the step's tokens, the head's for those with logits. */
    private record ScaledGrid(WorkerGrid1D grid, int perToken, int local, boolean head) {
        static int global(int perToken, int tokens, int local) {
            return Math.ceilDiv(perToken * tokens, local) * local;
        }

        void resize(int tokens) {
            grid.setGlobalWork(global(perToken, tokens, local), 1, 1);
        }
    }

}
