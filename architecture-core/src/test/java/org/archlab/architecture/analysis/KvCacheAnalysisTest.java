package org.archlab.architecture.analysis;

import org.archlab.architecture.Catalog;
import org.archlab.architecture.analysis.KvCacheAnalysis.CacheKind;
import org.archlab.architecture.spec.Dtype;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** KV cache figures checked against sums done by hand from the configs. */
class KvCacheAnalysisTest {

    @Test
    void mha_gpt2_caches_keys_and_values_of_every_head_in_every_layer() {
        // 12 layers × 12 heads × (64 + 64) values × 2 bytes = 36,864 bytes per token
        var kv = KvCacheAnalysis.of(Catalog.spec("gpt2-124m"), Dtype.BF16, 1024, 2);
        assertThat(kv.bytesPerToken()).isEqualTo(36_864);
        assertThat(kv.totalBytes()).isEqualTo(36_864L * 1024 * 2);
    }

    @Test
    void gqa_llama_3_2_1b_caches_only_its_8_kv_heads() {
        // 16 layers × 8 kv heads × (64 + 64) × 2 bytes = 32 KiB per token; 32k tokens = 1 GiB
        var kv = KvCacheAnalysis.of(Catalog.spec("llama-3.2-1b"), Dtype.BF16, 32_768, 1);
        assertThat(kv.bytesPerToken()).isEqualTo(32_768);
        assertThat(kv.totalBytes()).isEqualTo(1L << 30);
    }

    @Test
    void mla_deepseek_v3_caches_the_latent_and_the_shared_rope_key() {
        // 61 layers × (512 latent + 64 rope) × 2 bytes = 70,272 bytes per token
        var kv = KvCacheAnalysis.of(Catalog.spec("deepseek-v3"), Dtype.BF16, 4096, 1);
        assertThat(kv.bytesPerToken()).isEqualTo(70_272);
        assertThat(kv.totalBytes()).isEqualTo(70_272L * 4096);
        assertThat(kv.byLayerKind()).containsOnlyKeys(CacheKind.LATENT);
    }

    @Test
    void gemma3_5_to_1_window_caps_52_of_62_layers_at_1024_tokens() {
        // layers 5, 11, …, 59 are global (10); the other 52 slide over 1024 tokens.
        // per layer and token: 16 kv heads × (128 + 128) × 2 bytes = 8192 bytes
        var kv = KvCacheAnalysis.of(Catalog.spec("gemma-3-27b"), Dtype.BF16, 32_768, 1);
        assertThat(kv.byLayerKind().get(CacheKind.FULL).layers()).isEqualTo(10);
        assertThat(kv.byLayerKind().get(CacheKind.SLIDING).layers()).isEqualTo(52);
        assertThat(kv.byLayerKind().get(CacheKind.SLIDING).cachedTokensPerLayer()).isEqualTo(1024);
        assertThat(kv.totalBytes()).isEqualTo(10L * 8192 * 32_768 + 52L * 8192 * 1024);
    }

    @Test
    void window_layers_hold_the_whole_context_while_it_is_shorter_than_the_window() {
        var kv = KvCacheAnalysis.of(Catalog.spec("gemma-3-27b"), Dtype.BF16, 512, 1);
        assertThat(kv.totalBytes()).isEqualTo(62L * 8192 * 512);
    }

    @Test
    void hybrid_qwen3_next_keeps_a_constant_state_in_its_36_linear_layers() {
        // 12 full layers × 2 kv heads × (256 + 256) × 2 bytes = 24,576 bytes per token;
        // each linear layer: 32 heads × 128 × 128 state + 3 × 8192 conv values, × 2 bytes = 1,097,728 bytes
        var kv = KvCacheAnalysis.of(Catalog.spec("qwen3-next-80b-a3b"), Dtype.BF16, 4096, 1);
        assertThat(kv.bytesPerToken()).isEqualTo(24_576);
        assertThat(kv.byLayerKind().get(CacheKind.LINEAR_STATE).layers()).isEqualTo(36);
        assertThat(kv.byLayerKind().get(CacheKind.LINEAR_STATE).fixedBytesPerLayer()).isEqualTo(1_097_728);
        assertThat(kv.totalBytes()).isEqualTo(24_576L * 4096 + 36L * 1_097_728);
        var longer = KvCacheAnalysis.of(Catalog.spec("qwen3-next-80b-a3b"), Dtype.BF16, 8192, 1);
        assertThat(longer.byLayerKind().get(CacheKind.LINEAR_STATE).totalBytes()).isEqualTo(36L * 1_097_728);
    }

    @Test
    void quantized_cache_rows_pay_for_their_block_scales() {
        // Q8_0: 64 values = 2 blocks × 34 bytes = 68 bytes per head row
        var kv = KvCacheAnalysis.of(Catalog.spec("llama-3.2-1b"), Dtype.Q8_0, 1, 1);
        assertThat(kv.bytesPerToken()).isEqualTo(16L * 8 * (68 + 68));
    }
}
