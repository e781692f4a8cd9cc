package org.archlab.inference.kernels.jvm;

import java.util.Locale;

/**
 * Which kernel the JVM backend uses where it has two: integer-lane or float dot products for Q8_0 and
 * Q4_0 decode, and from which batch size prefill uses the packed GEMM instead of the row-decoding
 * 4 × 4 tiles. {@link #detect()} chooses from the CPU's vector width and the measurements in
 * docs/benchmarks.md; the system properties {@code archlab.jvm.integer-dot} ({@code auto}, {@code on},
 * {@code off}) and {@code archlab.jvm.gemm-min-tokens} override it for experiments and benchmarks.
 *
 * @param integerQ8      Q8_0 matvec quantises x to int8 blocks and multiplies in integer lanes
 * @param integerQ4      the same for Q4_0
 * @param gemmMinTokens  batches of at least this many tokens use the packed GEMM
 * @param reason         why, in words, for the start-up log
 */
public record JvmKernelOptions(boolean integerQ8, boolean integerQ4, int gemmMinTokens, String reason) {

    /** At 16 tokens the tiled kernel is as fast or faster, at 32 they are even, from 128 the packed GEMM wins (docs/benchmarks.md). */
    static final int DEFAULT_GEMM_MIN_TOKENS = 32;

    public JvmKernelOptions {
        if (gemmMinTokens < 2) {
            throw new IllegalArgumentException("gemmMinTokens must be at least 2, was " + gemmMinTokens);
        }
        if ((integerQ8 || integerQ4) && !IntegerDot.SUPPORTED) {
            throw new IllegalArgumentException("integer dot products need 512-bit vectors; this CPU's are "
                    + jdk.incubator.vector.IntVector.SPECIES_PREFERRED.vectorBitSize() + "-bit");
        }
    }

    /** The float kernels everywhere the choice exists and the GEMM from the given batch size. */
    public static JvmKernelOptions floatKernels(int gemmMinTokens) {
        return new JvmKernelOptions(false, false, gemmMinTokens, "float kernels requested");
    }

    /** Integer-lane Q8_0/Q4_0 decode (needs 512-bit vectors) and the GEMM from the given batch size. */
    public static JvmKernelOptions integerKernels(int gemmMinTokens) {
        return new JvmKernelOptions(true, true, gemmMinTokens, "integer kernels requested");
    }

    /** The choice for this CPU, unless the system properties override it. */
    public static JvmKernelOptions detect() {
        int gemmMinTokens = Integer.getInteger("archlab.jvm.gemm-min-tokens", DEFAULT_GEMM_MIN_TOKENS);
        String integer = System.getProperty("archlab.jvm.integer-dot", "auto").toLowerCase(Locale.ROOT);
        int bits = jdk.incubator.vector.IntVector.SPECIES_PREFERRED.vectorBitSize();
        return switch (integer) {
            case "off" -> new JvmKernelOptions(false, false, gemmMinTokens, "archlab.jvm.integer-dot=off");
            case "on" -> {
                if (!IntegerDot.SUPPORTED) {
                    throw new IllegalArgumentException("archlab.jvm.integer-dot=on needs 512-bit vectors; this CPU's are "
                            + bits + "-bit");
                }
                yield new JvmKernelOptions(true, true, gemmMinTokens, "archlab.jvm.integer-dot=on");
            }
            case "auto" -> IntegerDot.SUPPORTED
                    ? new JvmKernelOptions(AUTO_Q8, AUTO_Q4, gemmMinTokens, AUTO_REASON)
                    : new JvmKernelOptions(false, false, gemmMinTokens,
                            "float dot products: " + bits + "-bit vectors, the integer kernels need 512");
            default -> throw new IllegalArgumentException(
                    "archlab.jvm.integer-dot must be auto, on or off, was '" + integer + "'");
        };
    }

    /*
     * Measured on AVX-512 (Sapphire Rapids, docs/benchmarks.md): integer lanes lose for both formats,
     * because the Vector API has no vpmaddwd/vpmaddubsw/vpdpbusd, so a block costs as many vector
     * operations in integer lanes as in float ones, plus the conversion of the int sums to float.
     */
    private static final boolean AUTO_Q8 = false;
    private static final boolean AUTO_Q4 = false;
    private static final String AUTO_REASON = "float dot products: integer lanes measured slower on 512-bit vectors "
            + "(the Vector API has no multiply-add of pairs); set archlab.jvm.integer-dot=on to use them";
}
