package org.archlab.architecture.analysis;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;

/**
 * The decode speed a full-size model would have on the machine that measured a scaled variant of it. Decoding a token
 * reads every weight the token uses and the whole KV cache once, and on a CPU that reading is what takes the time; so
 * the variant's measured time per token is shared out over its parts by the bytes each reads (every kind of layer, the
 * output head), each kind's time is multiplied by the number of layers of that kind the full model has (the variant
 * keeps the kinds in proportion), and the total is the full model's time per token. Put together: the measured time ×
 * the full model's bytes read per token ÷ the variant's, both from the theory. An estimate, never a measurement.
 *
 * @param decodeTokensPerSecond the full model's estimated decode speed
 * @param weightBytes           the full model's weights in the measured format, from the theory
 * @param kvCacheBytes          the full model's KV cache at the measured context, from the theory
 */
public record FullSizeEstimate(double decodeTokensPerSecond, long weightBytes, long kvCacheBytes) {

    /** How the estimate is made, in one sentence for a tooltip or a table note. */
    public static final String METHOD = "Estimate, not a measurement: the scaled variant's measured decode time per token, shared over its "
            + "layer kinds and output head by the bytes each reads per token (active weights and KV cache, from the theory), each "
            + "kind's time × the full model's count of that kind — i.e. measured time × full bytes per token ÷ variant bytes per token.";

    /**
     * What one architecture reads per decoded token, from the theory.
     *
     * @param parameters       all parameters (what {@code weightBytes} holds)
     * @param activeParameters parameters one token multiplies with: without the input embedding table, a lookup of one row
     * @param weightBytes      the weights in the run's format
     * @param kvCacheBytes     the KV cache and recurrent state at the context
     */
    public record Footprint(long parameters, long activeParameters, long weightBytes, long kvCacheBytes) {

        /** The theory's footprint of a spec with weights in {@code weights} and the cache in {@code kv} at {@code context}. */
        public static Footprint of(ArchitectureSpec spec, Dtype weights, Dtype kv, long context) {
            ParameterCounts counts = ParameterCounts.of(spec);
            return new Footprint(counts.total(), counts.activeWithoutEmbeddings(), WeightMemory.of(spec, weights).bytes(),
                    KvCacheAnalysis.of(spec, kv, context, 1).totalBytes());
        }

        /** The active share of the weight bytes (formats store every matrix alike) plus the whole cache. */
        public double bytesPerToken() {
            return (double) weightBytes * activeParameters / parameters + kvCacheBytes;
        }
    }

    /** The full model's estimate from a variant's measured decode speed. */
    public static FullSizeEstimate of(double measuredDecodeTokensPerSecond, Footprint measured, Footprint full) {
        return new FullSizeEstimate(measuredDecodeTokensPerSecond * measured.bytesPerToken() / full.bytesPerToken(),
                full.weightBytes(), full.kvCacheBytes());
    }
}
