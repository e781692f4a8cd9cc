package org.archlab.architecture.analysis;

import org.archlab.architecture.Catalog;
import org.archlab.architecture.spec.Dtype;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WeightsAndFlopsTest {

    @Test
    void bf16_matrices_take_two_bytes_per_parameter_and_vectors_four() {
        var spec = Catalog.spec("qwen3-0.6b");
        long vectors = TensorLayout.of(spec).stream().filter(t -> !t.isMatrix()).mapToLong(TensorShape::elements).sum();
        assertThat(WeightMemory.of(spec, Dtype.BF16).bytes()).isEqualTo(2 * (ParameterCounts.of(spec).total() - vectors) + 4 * vectors);
    }

    @Test
    void q8_0_matrices_take_34_bytes_per_32_values_and_vectors_stay_f32() {
        var spec = Catalog.spec("llama-3.2-1b");
        long expected = 0;
        for (TensorShape t : TensorLayout.of(spec)) {
            expected += t.isMatrix() ? t.elements() / 32 * 34 : t.elements() * 4;
        }
        assertThat(WeightMemory.of(spec, Dtype.Q8_0).bytes()).isEqualTo(expected);
        assertThat(WeightMemory.of(spec, Dtype.Q4_0).bytes()).isLessThan(WeightMemory.of(spec, Dtype.Q8_0).bytes());
    }

    @Test
    void decode_flops_are_twice_the_active_matrix_weights_plus_attention_over_the_context() {
        var spec = Catalog.spec("llama-3.2-1b");
        // tied head: token_embd multiplies once as the head; 16 layers × 32 heads × (64 + 64) × 2 per attended token
        long matrices = TensorLayout.of(spec).stream().filter(TensorShape::isMatrix).mapToLong(TensorShape::elements).sum();
        var flops = FlopsAnalysis.of(spec, 4096);
        assertThat(flops.weightFlops()).isEqualTo(2 * matrices);
        assertThat(flops.decodePerToken()).isCloseTo(2.0 * matrices + 16 * 2.0 * 32 * 128 * 4096, within(1.0));
        assertThat(flops.prefillPerToken()).isCloseTo(2.0 * matrices + 16 * 2.0 * 32 * 128 * 4097 / 2, within(1.0));
    }

    @Test
    void moe_flops_count_only_the_routed_top_k_experts() {
        var spec = Catalog.spec("qwen3-30b-a3b");
        var counts = ParameterCounts.of(spec);
        var flops = FlopsAnalysis.of(spec, 1);
        // everything active but the embedding lookup and the norm vectors is a matmul
        assertThat((double) flops.weightFlops()).isCloseTo(2.0 * (counts.active() - counts.byComponent().get(Component.EMBEDDINGS)),
                within(2.0 * counts.byComponent().get(Component.NORMS)));
    }
}
