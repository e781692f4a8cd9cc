package org.archlab.architecture.analysis;

import org.archlab.architecture.Catalog;
import org.archlab.architecture.analysis.FullSizeEstimate.Footprint;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.ScaledVariant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FullSizeEstimateTest {

    @Test
    void a_model_measured_whole_is_its_own_estimate() {
        Footprint footprint = Footprint.of(Catalog.spec("qwen3-1.7b"), Dtype.Q8_0, Dtype.F32, 4096);
        assertThat(FullSizeEstimate.of(12.5, footprint, footprint).decodeTokensPerSecond()).isCloseTo(12.5, within(1e-12));
    }

    @Test
    void the_layers_time_grows_with_the_full_layer_count_and_the_heads_stays() {
        ArchitectureSpec full = Catalog.spec("qwen3-1.7b");
        ArchitectureSpec variant = ScaledVariant.of(full, 4, Integer.MAX_VALUE);
        Footprint small = Footprint.of(variant, Dtype.Q8_0, Dtype.F32, 4096);
        Footprint whole = Footprint.of(full, Dtype.Q8_0, Dtype.F32, 4096);
        var estimate = FullSizeEstimate.of(7.0, small, whole);

        // Slower than the variant, but by less than 28/4: the output head is read once per token either way.
        assertThat(estimate.decodeTokensPerSecond()).isLessThan(7.0).isGreaterThan(7.0 * 4 / 28);
        assertThat(estimate.decodeTokensPerSecond()).isCloseTo(7.0 * small.bytesPerToken() / whole.bytesPerToken(), within(1e-12));
        assertThat(estimate.weightBytes()).isEqualTo(WeightMemory.of(full, Dtype.Q8_0).bytes());
        assertThat(estimate.kvCacheBytes()).isEqualTo(KvCacheAnalysis.of(full, Dtype.F32, 4096, 1).totalBytes());
    }

    @Test
    void a_moe_token_reads_only_its_active_experts() {
        ArchitectureSpec full = Catalog.spec("deepseek-v3");
        Footprint footprint = Footprint.of(full, Dtype.Q8_0, Dtype.F32, 4096);
        assertThat(footprint.bytesPerToken()).isLessThan(footprint.weightBytes() / 10.0);
    }
}
