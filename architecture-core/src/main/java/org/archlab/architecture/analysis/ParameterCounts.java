package org.archlab.architecture.analysis;

import org.archlab.architecture.spec.ArchitectureSpec;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter counts of a spec. Tied embeddings count once. Multi-token-prediction modules are left out
 * of every figure but {@code totalWithMtp} and the {@code MTP} component, because vendors publish
 * counts without them.
 *
 * <p>{@code streamable} is what need not be in accelerator memory: a per-layer token table (Gemma 3n's PLE),
 * of which each token reads one row, so it can stay in host memory or on disk and be streamed. It is 0 for
 * every architecture without one. {@code resident} is the rest: {@code total − streamable}.
 *
 * <p>"Active" parameters are those one token uses: everything but the routed experts, of which only
 * top-k per MoE layer count. Vendors disagree on whether the embedding table and the output head are
 * part of that, so all three conventions are reported: {@code active} counts both (Qwen, Meta,
 * DeepSeek), {@code activeWithoutEmbeddings} leaves out the input embedding table, a lookup rather
 * than a matmul (OpenAI, Moonshot), and {@code activeWithoutEmbeddingsAndHead} leaves out the output
 * head too (Zhipu, MiniMax). With tied embeddings the shared matrix is the head and stays in the second.
 * A per-layer token table is a lookup table like the input embedding table and is counted the same way:
 * whole in {@code active}, left out of the other two (it is never a head). Gemma 3n's "effective" size is
 * then {@code activeWithoutEmbeddingsAndHead}: the resident weights without the token table.
 */
public record ParameterCounts(long total, long resident, long streamable, long active, long activeWithoutEmbeddings,
                              long activeWithoutEmbeddingsAndHead, long totalWithMtp, Map<Component, Long> byComponent) {

    public static ParameterCounts of(ArchitectureSpec spec) {
        return of(spec, TensorLayout.of(spec));
    }

    static ParameterCounts of(ArchitectureSpec spec, List<TensorShape> tensors) {
        long total = 0;
        long active = 0;
        long mtp = 0;
        long streamable = 0;
        var byComponent = new EnumMap<Component, Long>(Component.class);
        for (TensorShape t : tensors) {
            long n = t.elements();
            byComponent.merge(t.component(), n, Long::sum);
            if (t.component() == Component.MTP) {
                mtp += n;
                continue;
            }
            total += n;
            if (t.component().streamable()) {
                streamable += n;
            }
            active += t.routedExperts() ? n / spec.moe().experts() * spec.moe().topK() : n;
        }
        long embeddings = byComponent.getOrDefault(Component.EMBEDDINGS, 0L);
        long head = byComponent.getOrDefault(Component.HEAD, 0L);
        long perLayerTable = byComponent.getOrDefault(Component.PER_LAYER_EMBEDDINGS, 0L);
        long withoutEmbeddings = (spec.embeddings().tied() ? active : active - embeddings) - perLayerTable;
        long withoutEither = active - embeddings - head - perLayerTable;
        return new ParameterCounts(total, total - streamable, streamable, active, withoutEmbeddings, withoutEither,
                total + mtp, Map.copyOf(byComponent));
    }
}
