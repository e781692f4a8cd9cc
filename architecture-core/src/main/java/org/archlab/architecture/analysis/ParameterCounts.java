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
 * <p>"Active" parameters are those one token uses: everything but the routed experts, of which only
 * top-k per MoE layer count. Vendors disagree on whether the embedding table and the output head are
 * part of that, so all three conventions are reported: {@code active} counts both (Qwen, Meta,
 * DeepSeek), {@code activeWithoutEmbeddings} leaves out the input embedding table, a lookup rather
 * than a matmul (OpenAI, Moonshot), and {@code activeWithoutEmbeddingsAndHead} leaves out the output
 * head too (Zhipu, MiniMax). With tied embeddings the shared matrix is the head and stays in the second.
 */
public record ParameterCounts(long total, long active, long activeWithoutEmbeddings, long activeWithoutEmbeddingsAndHead,
                              long totalWithMtp, Map<Component, Long> byComponent) {

    public static ParameterCounts of(ArchitectureSpec spec) {
        return of(spec, TensorLayout.of(spec));
    }

    static ParameterCounts of(ArchitectureSpec spec, List<TensorShape> tensors) {
        long total = 0;
        long active = 0;
        long mtp = 0;
        var byComponent = new EnumMap<Component, Long>(Component.class);
        for (TensorShape t : tensors) {
            long n = t.elements();
            byComponent.merge(t.component(), n, Long::sum);
            if (t.component() == Component.MTP) {
                mtp += n;
                continue;
            }
            total += n;
            active += t.routedExperts() ? n / spec.moe().experts() * spec.moe().topK() : n;
        }
        long embeddings = byComponent.getOrDefault(Component.EMBEDDINGS, 0L);
        long head = byComponent.getOrDefault(Component.HEAD, 0L);
        long withoutEmbeddings = spec.embeddings().tied() ? active : active - embeddings;
        long withoutEither = active - embeddings - head;
        return new ParameterCounts(total, active, withoutEmbeddings, withoutEither, total + mtp, Map.copyOf(byComponent));
    }
}
