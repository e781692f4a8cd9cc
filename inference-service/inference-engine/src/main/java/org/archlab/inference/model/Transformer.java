package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Attention;
import org.archlab.architecture.spec.LayerPlan;
import org.archlab.architecture.spec.LinearAttention;
import org.archlab.architecture.spec.Mixer;
import org.archlab.architecture.spec.NormKind;
import org.archlab.inference.cache.ContextMemory;
import org.archlab.inference.cache.KvCacheType;
import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.RotaryTable;
import org.archlab.inference.tensor.Dequantize;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One generic decoder-only transformer, assembled from a spec: each block's mixer, positions and FFN
 * come from the layer schedule, its norms from the placement, its quirks (QK-norm, sinks, soft-caps,
 * embedding scale) from the spec's switches — never from a per-vendor class. The mixers are their own
 * classes ({@link SoftmaxAttention}, {@link LatentAttention}, {@link GatedDeltaNet}), and so are Gemma 3n's
 * mechanisms, each used only where the spec has its knob: per-layer inputs ({@link PerLayerInputBlock}),
 * parallel residual streams ({@link ParallelResidualStreams}), a low-rank residual branch
 * ({@link LowRankResidualBranch}), KV sharing ({@link SharedKvStaging}) and activation sparsity
 * ({@link GateSparsity}).
 *
 * <p>Every forward pass is a step over rows ({@link StepRows}): each row is a token of some sequence at its
 * position, against that sequence's {@link ContextMemory}. The matmuls take all rows at once, so each weight row is
 * read once per step; attention, the DeltaNet recurrence and KV staging work per sequence. The single-sequence API
 * ({@link #prefill}, {@link #forward}) runs the transformer's own memory as one sequence; {@link #step} runs many
 * sequences together (continuous batching: sequences join and leave between steps, and a newcomer's prefill chunk
 * can share a step with the others' decode rows).
 *
 * <p>The KV caches keep keys and values in the transformer's {@link KvCacheType} (F32, or F16/BF16 at half the bytes);
 * a memory made with another type ({@link #newSequenceMemory(int, KvCacheType)}) steps beside them.
 */
public final class Transformer implements AutoCloseable {

    private final ArchitectureSpec spec;
    private final ModelWeights weights;
    private final KernelBackend kernels;
    private final List<LayerPlan> plans;
    private final ContextMemory memory;
    private final RotaryTable globalRope;
    private final RotaryTable localRope;
    private final State state;
    private final MixtureOfExpertsFfn experts;
    private final LatentAttention latentAttention;
    private final GatedDeltaNet deltaNet;
    private final SoftmaxAttention softmax;
    private final SharedKvStaging kvStaging;
    private final StepRows rows = new StepRows(State.MAX_BATCH);
    /** Per segment of the current step: where an attention layer stores and reads its keys and values. */
    private final SoftmaxAttention.KvSlots[] slots = new SoftmaxAttention.KvSlots[State.MAX_BATCH];
    /** Rows of the current step whose logits are wanted. */
    private final int[] headRows = new int[State.MAX_BATCH];
    /** The output head's result for a step's rows, grown on first use (rows × vocabulary). */
    private float[] headOutput;
    private final PerLayerInputBlock perLayerInputs;
    private final ParallelResidualStreams streams;
    private final LowRankResidualBranch lowRank;
    /** Per layer: the statistical top-k of its FFN gate, or null. */
    private final GateSparsity[] sparsity;
    private final int maxTokens;
    private final KvCacheType kvType;
    private final boolean neoxRope;
    /** Whether (and how) this model can run on a resident decoder; worked out on first use. */
    private Optional<DenseDecoderLayout> residentLayout;
    /** The resident decoder that ran this transformer's last step, null when the engine's own memory did. */
    private volatile ResidentDecoder lastResident;

    Transformer(ArchitectureSpec spec, ModelWeights weights, KernelBackend kernels, int maxTokens, KvCacheType kvType,
                boolean neoxRope) {
        requireReadable(kernels, kvType);
        this.spec = spec;
        this.weights = weights;
        this.kernels = kernels;
        this.maxTokens = maxTokens;
        this.kvType = kvType;
        this.neoxRope = neoxRope;
        this.plans = spec.layerPlans();
        // Allocated by the first step that runs on the host: a resident decoder keeps the cache on its device instead.
        this.memory = ContextMemory.onFirstUse(spec, maxTokens, kvType);
        Attention a = spec.attention();
        LinearAttention linear = spec.linearAttention();
        this.globalRope = spec.rope() == null ? null : Rotary.table(spec, false, neoxRope, weights.frequencyFactors());
        this.localRope = spec.rope() == null ? null : Rotary.table(spec, true, neoxRope, weights.frequencyFactors());
        this.state = new State(spec);
        this.experts = spec.hasMoe() ? new MixtureOfExpertsFfn(spec, kernels, State.MAX_BATCH) : null;
        this.latentAttention = a != null && a.isLatent() ? new LatentAttention(spec, kernels, State.MAX_BATCH) : null;
        this.deltaNet = linear != null ? new GatedDeltaNet(spec, kernels, State.MAX_BATCH) : null;
        this.softmax = a != null && !a.isLatent() ? new SoftmaxAttention(spec, kernels, State.MAX_BATCH, globalRope, localRope) : null;
        this.kvStaging = new SharedKvStaging(spec, State.MAX_BATCH);
        this.perLayerInputs = spec.perLayerInputs() != null ? new PerLayerInputBlock(spec, kernels, State.MAX_BATCH) : null;
        this.streams = spec.residualStreams() != null ? new ParallelResidualStreams(spec, kernels, State.MAX_BATCH) : null;
        this.lowRank = spec.lowRankResidual() != null ? new LowRankResidualBranch(spec, kernels, State.MAX_BATCH) : null;
        this.sparsity = plans.stream().map(p -> p.gateSparsity() == null ? null : new GateSparsity(p.gateSparsity()))
                .toArray(GateSparsity[]::new);
    }

    /** Runs one token at a position (positions start at 0 and advance by one) and returns the logits. */
    public float[] forward(int token, int position) {
        return prefill(new int[]{token}, position, false)[0];
    }

    /**
     * Runs a sequence of tokens from {@code start}, in batches so each weight row is read once per batch,
     * and returns the logits of every token ({@code allLogits}) or of the last one only.
     */
    public float[][] prefill(int[] tokens, int start, boolean allLogits) {
        ResidentDecoder resident = residentDecoder();
        lastResident = resident;
        if (resident != null) {
            return prefillResident(resident, tokens, start, allLogits);
        }
        float[][] logits = new float[allLogits ? tokens.length : 1][];
        for (int from = 0; from < tokens.length; from += State.MAX_BATCH) {
            int count = Math.min(State.MAX_BATCH, tokens.length - from);
            rows.loadSequence(memory, tokens, from, count, start + from);
            runBatch();
            if (allLogits) {
                for (int t = 0; t < count; t++) {
                    logits[from + t] = head(t).clone();
                }
            } else if (from + count == tokens.length) {
                logits[0] = head(count - 1);
            }
        }
        return logits;
    }

    /**
     * Runs one step over rows of several sequences, each against its own memory, and returns the logits of the rows
     * that ask for them (null for the others), in row order. Rows of one sequence must be consecutive, at consecutive
     * positions. Up to {@link #maxStepRows()} rows share one pass over the weights; more run as several passes.
     *
     * <p>Rows of several sequences always take the kernel-by-kernel path, also on a backend with a resident decoder:
     * that decoder keeps one sequence's cache on its device, so batches go through the backend's {@link KernelBackend}
     * calls. Rows of this transformer's own memory ({@link #ownMemory()}) alone run as {@link #prefill} does, through
     * the resident decoder where there is one.
     */
    public float[][] step(List<StepRow> stepRows) {
        if (!stepRows.isEmpty() && stepRows.stream().allMatch(row -> row.memory() == memory)) {
            return stepOwnSequence(stepRows);
        }
        if (stepRows.stream().anyMatch(row -> row.memory() == memory)) {
            lastResident = null; // the own sequence now runs on the host, in its memory
        }
        float[][] logits = new float[stepRows.size()][];
        for (int from = 0; from < stepRows.size(); from += State.MAX_BATCH) {
            int count = Math.min(State.MAX_BATCH, stepRows.size() - from);
            rows.load(stepRows, from, count);
            runBatch();
            int wanted = 0;
            for (int t = 0; t < count; t++) {
                if (stepRows.get(from + t).logits()) {
                    headRows[wanted++] = t;
                }
            }
            float[][] out = heads(wanted);
            for (int i = 0; i < wanted; i++) {
                logits[from + headRows[i]] = out[i];
            }
        }
        return logits;
    }

    /**
     * Final norm and output head for rows {@code headRows[0..n)} of the last batch, as one matmul: the head is the
     * largest matrix of a small model, read once for all of them.
     */
    private float[][] heads(int n) {
        float[][] out = new float[n][];
        if (n == 0) {
            return out;
        }
        if (n == 1) {
            out[0] = head(headRows[0]).clone();
            return out;
        }
        int h = spec.hiddenSize();
        int vocab = weights.head().rows();
        if (headOutput == null || headOutput.length < n * vocab) {
            headOutput = new float[n * vocab];
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(state.x, headRows[i] * h, state.xb, i * h, h);
            norm(state.xb, i * h, weights.outputNorm());
        }
        kernels.multiply(weights.head(), state.xb, h, n, headOutput, vocab);
        for (int i = 0; i < n; i++) {
            out[i] = finishLogits(Arrays.copyOfRange(headOutput, i * vocab, (i + 1) * vocab));
        }
        return out;
    }

    /** One run of the own memory's rows through {@link #prefill}, whose logits are copied out for the rows that want them. */
    private float[][] stepOwnSequence(List<StepRow> stepRows) {
        int[] tokens = new int[stepRows.size()];
        int start = stepRows.getFirst().position();
        boolean allLogits = false;
        for (int i = 0; i < tokens.length; i++) {
            StepRow row = stepRows.get(i);
            if (row.position() != start + i) {
                throw new IllegalArgumentException("rows " + (i - 1) + " and " + i + " of one sequence are not at"
                        + " consecutive positions; a sequence's rows must be consecutive positions");
            }
            tokens[i] = row.token();
            allLogits |= row.logits() && i < tokens.length - 1;
        }
        float[][] computed = prefill(tokens, start, allLogits);
        float[][] logits = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            if (stepRows.get(i).logits()) {
                logits[i] = (allLogits ? computed[i] : computed[0]).clone();
            }
        }
        return logits;
    }

    /**
     * This transformer's own sequence memory, the one {@link #prefill} and {@link #forward} use: a caller that never
     * runs more than one sequence at a time can {@link #step} it and keep a resident decoder's fast path. Its KV
     * caches are allocated by the first step that runs on the host, so on a resident decoder they never are.
     */
    public ContextMemory ownMemory() {
        return memory;
    }

    /**
     * A new sequence's memory for {@link #step}: KV caches (in this transformer's {@link #kvCacheType()}) and recurrent
     * states for up to {@code maxTokens} positions.
     */
    public ContextMemory newSequenceMemory(int maxTokens) {
        return newSequenceMemory(maxTokens, kvType);
    }

    /** Like {@link #newSequenceMemory(int)}, with KV caches in another format. */
    public ContextMemory newSequenceMemory(int maxTokens, KvCacheType type) {
        requireReadable(kernels, type);
        return new ContextMemory(spec, maxTokens, type);
    }

    private static void requireReadable(KernelBackend kernels, KvCacheType type) {
        if (!kernels.attendsOver(type)) {
            throw new IllegalArgumentException("the " + kernels.name() + " backend attends over F32 KV caches only, not " + type);
        }
    }

    /** Rows one pass over the weights takes; a {@link #step} with more rows makes several passes. */
    public static int maxStepRows() {
        return State.MAX_BATCH;
    }

    /**
     * The backend's own decoder for this model when it has one (a device-resident TornadoVM forward pass), else
     * null. Asked per call: the backend keeps one decoder at a time, so another context length replaces it.
     */
    private ResidentDecoder residentDecoder() {
        if (!(kernels instanceof ResidentDecoding backend)) {
            return null;
        }
        return denseLayout().flatMap(backend::residentDecoder).orElse(null);
    }

    /** This model as a plain dense pre-norm decoder, or empty when it is not one. */
    Optional<DenseDecoderLayout> denseLayout() {
        if (residentLayout == null) {
            residentLayout = DenseDecoderLayout.of(spec, weights, globalRope, localRope, maxTokens);
        }
        return residentLayout;
    }

    /** Through the resident decoder, as many tokens per step as it takes: their embedding rows in, logits out. */
    private float[][] prefillResident(ResidentDecoder resident, int[] tokens, int start, boolean allLogits) {
        if (start + tokens.length > maxTokens) {
            throw new IllegalArgumentException("positions up to " + (start + tokens.length) + " do not fit the "
                    + maxTokens + " this model's cache holds");
        }
        int h = spec.hiddenSize();
        int batch = Math.min(resident.maxTokensPerStep(), State.MAX_BATCH);
        float[][] logits = new float[allLogits ? tokens.length : 1][];
        for (int from = 0; from < tokens.length; from += batch) {
            int count = Math.min(batch, tokens.length - from);
            for (int t = 0; t < count; t++) {
                embed(tokens[from + t], start + from + t, state.x, t * h);
            }
            boolean last = from + count == tokens.length;
            float[][] stepLogits = resident.run(state.x, count, start + from, allLogits);
            if (allLogits) {
                for (int t = 0; t < count; t++) {
                    logits[from + t] = finishLogits(stepLogits[t]).clone();
                }
            } else if (last) {
                logits[0] = finishLogits(stepLogits[stepLogits.length - 1]);
            }
        }
        return logits;
    }

    /** A token's input row at a position: its embedding, scaled, plus a learned position's (GPT-2). */
    private void embed(int token, int position, float[] out, int offset) {
        int h = spec.hiddenSize();
        float scale = embeddingScale();
        Dequantize.row(weights.tokenEmbeddings(), token, out, offset);
        for (int i = 0; i < h; i++) {
            out[offset + i] *= scale;
        }
        if (weights.positionEmbeddings() != null) {
            if (position >= weights.positionEmbeddings().rows()) {
                throw new IllegalArgumentException("position " + position + " is past the "
                        + weights.positionEmbeddings().rows() + " positions this model learned");
            }
            Dequantize.row(weights.positionEmbeddings(), position, state.scratch, 0);
            for (int i = 0; i < h; i++) {
                out[offset + i] += state.scratch[i];
            }
        }
    }

    /** Runs the loaded {@link #rows} through every layer; their final hidden states are left in {@code state.x}. */
    private void runBatch() {
        int h = spec.hiddenSize();
        int count = rows.count;
        for (int t = 0; t < count; t++) {
            embed(rows.tokens[t], rows.positions[t], state.x, t * h);
        }
        for (int segment = 0; segment < rows.segments; segment++) {
            if (rows.segmentFirstPosition(segment) == 0) {
                rows.segmentMemory(segment).startSequence();
            }
        }
        if (perLayerInputs != null) {
            perLayerInputs.prepare(weights.perLayerInputs(), rows.tokens, 0, count, state.x);
        }
        if (streams != null) {
            streams.start(weights.streams(), state.x, count);
        }
        for (int i = 0; i < plans.size(); i++) {
            LayerPlan plan = plans.get(i);
            LayerWeights w = weights.layers().get(i);
            if (streams != null) {
                streams.predict(w.streams(), state.x, count);
            }
            if (plan.mixer() == Mixer.LINEAR) {
                linearAttentionBlock(i, w, count);
            } else {
                attentionBlock(plan, w, count);
            }
            ffnBlock(w, sparsity[i], count);
            if (streams != null) {
                streams.correct(w.streams(), state.x, count);
            }
            if (perLayerInputs != null) {
                addPerLayerInput(i, w, count);
            }
        }
        if (streams != null) {
            streams.merge(weights.streams(), state.x, count);
        }
    }

    /** The layer's per-layer input, gated by its output: into the inactive streams, or the residual when there is one stream. */
    private void addPerLayerInput(int layer, LayerWeights w, int count) {
        float[] gateInput = streams != null ? streams.gateInput(w.streams(), state.x, count) : state.x;
        float[] contribution = perLayerInputs.contribution(layer, w.perLayerGate(), gateInput, count);
        if (streams != null) {
            streams.addToInactive(contribution, count);
        } else {
            add(state.x, contribution, count * spec.hiddenSize());
        }
    }

    /** Final norm and output head for token row {@code t} of the last batch. */
    private float[] head(int t) {
        int h = spec.hiddenSize();
        System.arraycopy(state.x, t * h, state.xb, 0, h);
        norm(state.xb, 0, weights.outputNorm());
        kernels.matvec(weights.head(), 0, weights.head().rows(), state.xb, 0, state.logits, 0);
        return finishLogits(state.logits);
    }

    /** The output soft-cap and scale, in place. */
    private float[] finishLogits(float[] logits) {
        var output = spec.output();
        if (output.logitSoftcap() == null && output.logitScale() == null) {
            return logits;
        }
        for (int i = 0; i < logits.length; i++) {
            float logit = logits[i];
            if (output.logitSoftcap() != null) {
                logit = (float) (output.logitSoftcap() * Math.tanh(logit / output.logitSoftcap()));
            }
            if (output.logitScale() != null) {
                logit *= output.logitScale().floatValue();
            }
            logits[i] = logit;
        }
        return logits;
    }

    /** Gated DeltaNet: recurrent for one token, chunked for a batch; the residual is added as for attention. */
    private void linearAttentionBlock(int layer, LayerWeights w, int count) {
        int h = spec.hiddenSize();
        float[] xb = state.xb;
        System.arraycopy(state.x, 0, xb, 0, count * h);
        for (int t = 0; t < count; t++) {
            norm(xb, t * h, w.attentionNorm());
        }
        float[] branch = lowRank == null ? null : lowRank.apply(w.lowRank(), xb, count);
        deltaNet.apply(w.linear(), layer, xb, rows, xb);
        addMixerOutput(xb, branch, count);
    }

    private void attentionBlock(LayerPlan plan, LayerWeights w, int count) {
        Attention a = spec.attention();
        int h = spec.hiddenSize();
        float[] xb = state.xb;
        System.arraycopy(state.x, 0, xb, 0, count * h);
        if (w.attentionNorm() != null) {
            for (int t = 0; t < count; t++) {
                norm(xb, t * h, w.attentionNorm());
            }
        }
        float[] branch = lowRank == null ? null : lowRank.apply(w.lowRank(), xb, count);
        if (w.latent() != null) {
            int attentionSize = a.heads() * a.mla().valueHeadDim();
            latentAttention.attend(w.latent(), xb, rows, plan.index(), globalRope, state.attention);
            finishAttention(w, attentionSize, count, branch);
            return;
        }
        for (int segment = 0; segment < rows.segments; segment++) {
            slots[segment] = kvStaging.slots(plan, rows, segment);
        }
        softmax.attend(plan, w, xb, rows, slots, state.attention);
        finishAttention(w, softmax.outputSize(), count, branch);
    }

    /** Output projection of the attended heads, bias, optional post-norm, residual add (with the low-rank branch, if any). */
    private void finishAttention(LayerWeights w, int attentionSize, int count, float[] branch) {
        int h = spec.hiddenSize();
        float[] xb = state.xb;
        kernels.multiply(w.output(), state.attention, attentionSize, count, xb, h);
        for (int t = 0; t < count; t++) {
            addBias(xb, t * h, w.outputBias(), h);
            if (w.postAttentionNorm() != null) {
                norm(xb, t * h, w.postAttentionNorm());
            }
        }
        addMixerOutput(xb, branch, count);
    }

    /** x += the mixer's output, or, beside a low-rank branch, x ← (x + output + branch) / √2. */
    private void addMixerOutput(float[] output, float[] branch, int count) {
        int n = count * spec.hiddenSize();
        if (branch == null) {
            add(state.x, output, n);
        } else {
            LowRankResidualBranch.combine(state.x, output, branch, n);
        }
    }

    /**
     * Continues as if {@code positions} tokens had already been processed, with synthetic (random) cached
     * keys, values and states: decode can then be timed at a long context without prefilling it. The next
     * token goes to position {@code positions}.
     */
    public void assumeContext(int positions, long seed) {
        if (!cachesOnHost()) {
            throw new UnsupportedOperationException("a synthetic context needs the engine's own KV cache; "
                    + kernels.name() + " keeps this model's cache on its device");
        }
        memory.fillSynthetic(positions, seed);
    }

    /** Whether this model's KV cache is the engine's own (not a backend's device-resident one): what {@link #assumeContext} needs. */
    public boolean cachesOnHost() {
        return residentDecoder() == null;
    }

    /**
     * Tokens each routed expert has processed since the model was built, summed over the MoE layers
     * (empty for a dense model): how evenly the router spreads the load.
     */
    public long[] tokensPerExpert() {
        return experts == null ? new long[0] : experts.tokensPerExpert();
    }

    /** Tests compare multi-head latent attention's absorbed path with its definition. */
    void useNaiveLatentAttention(boolean naive) {
        latentAttention.useNaivePath(naive);
    }

    private void ffnBlock(LayerWeights w, GateSparsity sparsity, int count) {
        int h = spec.hiddenSize();
        float[] xb = state.xb;
        System.arraycopy(state.x, 0, xb, 0, count * h);
        if (w.ffnNorm() != null) {
            for (int t = 0; t < count; t++) {
                norm(xb, t * h, w.ffnNorm());
            }
        }
        if (w.experts() != null) {
            experts.apply(w.experts(), xb, count, state.moeOut);
            System.arraycopy(state.moeOut, 0, xb, 0, count * h);
        } else {
            denseFfn(w, xb, count, sparsity);
        }
        if (w.postFfnNorm() != null) {
            for (int t = 0; t < count; t++) {
                norm(xb, t * h, w.postFfnNorm());
            }
        }
        add(state.x, xb, count * h);
    }

    private void denseFfn(LayerWeights w, float[] xb, int count, GateSparsity sparsity) {
        FeedForwardNetwork.apply(kernels, spec.feedForward().activation(), w.gate(), w.up(), w.down(), w.gateBias(),
                w.upBias(), w.downBias(), xb, count, state.gate, state.up, xb, sparsity);
    }


    private void norm(float[] v, int offset, NormWeights n) {
        float eps = (float) spec.norm().eps();
        if (spec.norm().kind() == NormKind.LAYER) {
            kernels.layerNorm(v, offset, spec.hiddenSize(), n.weight(), n.bias(), eps);
        } else {
            kernels.rmsNorm(v, offset, spec.hiddenSize(), n.weight(), eps);
        }
    }

    private float embeddingScale() {
        float scale = spec.embeddings().scale() == null ? 1f : spec.embeddings().scale().floatValue();
        return spec.embeddings().scaleBySqrtHidden() ? scale * (float) Math.sqrt(spec.hiddenSize()) : scale;
    }

    private static void addBias(float[] v, int offset, float[] bias, int n) {
        if (bias != null) {
            for (int i = 0; i < n; i++) {
                v[offset + i] += bias[i];
            }
        }
    }

    private static void add(float[] x, float[] delta, int n) {
        for (int i = 0; i < n; i++) {
            x[i] += delta[i];
        }
    }

    /**
     * The same weights and kernels with caches of their own for {@code maxTokens} positions: a measurement
     * at another context length allocates only its cache, never a second copy of the weights. Neither
     * transformer is safe to use while the other runs.
     */
    public Transformer withContext(int maxTokens) {
        return withContext(maxTokens, kvType);
    }

    /** Like {@link #withContext(int)}, with caches in another format. */
    public Transformer withContext(int maxTokens, KvCacheType type) {
        return new Transformer(spec, weights, kernels, maxTokens, type, neoxRope);
    }

    /** Positions the caches were allocated for: the longest context this transformer can run. */
    public int contextLength() {
        return maxTokens;
    }

    /**
     * Bytes of this transformer's own KV caches and recurrent states where they live: the device cache of the resident
     * decoder that ran its last step, else the engine's own memory (what it takes in use, allocated by the first step
     * that runs on the host). Asks the backend nothing, so it is safe to call beside a running sequence.
     */
    public long kvCacheBytes() {
        ResidentDecoder resident = lastResident;
        return resident != null ? resident.cacheBytes() : memory.bytes();
    }

    /** The format this transformer's own KV caches, and the memories {@link #newSequenceMemory(int)} makes, keep. */
    public KvCacheType kvCacheType() {
        return kvType;
    }

    public ArchitectureSpec spec() {
        return spec;
    }

    public KernelBackend kernels() {
        return kernels;
    }

    @Override
    public void close() {
        kernels.close();
    }

    /** Activation buffers for a batch, allocated once per model so a forward pass allocates almost nothing. */
    private static final class State {
        /** Tokens per batch: enough to make the matmul compute-bound, small enough to keep buffers in cache. */
        static final int MAX_BATCH = 64;

        final float[] x;
        final float[] xb;
        final float[] scratch;
        final float[] attention;
        final float[] gate;
        final float[] up;
        final float[] logits;
        final float[] moeOut;

        State(ArchitectureSpec spec) {
            Attention a = spec.attention();
            int h = spec.hiddenSize();
            int b = MAX_BATCH;
            x = new float[b * h];
            xb = new float[b * h];
            scratch = new float[h];
            attention = new float[b * a.heads() * a.valueHeadDim()];
            gate = new float[b * spec.feedForward().intermediateSize()];
            up = new float[b * spec.feedForward().intermediateSize()];
            logits = new float[spec.vocabSize()];
            moeOut = spec.hasMoe() ? new float[b * h] : null;
        }
    }
}
