package org.archlab.inference.kernels.jvm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Prefill's matrix product, out[t, r] = Σ_k W[r, k]·x[t, k], as a register-tiled GEMM in the BLIS
 * manner, oriented for a checkpoint's row-major weights:
 * <ul>
 *   <li>the tokens are packed once per product into panels of {@link #PANEL} tokens, transposed so
 *       that for each k the panel's tokens lie in consecutive floats (one or two vector loads);</li>
 *   <li>each task decodes a block of {@link #ROWS_PER_TASK} weight rows to floats once, for all tokens;</li>
 *   <li>the micro-kernel keeps a 6-row × 2-vector tile of results in twelve vector registers and, per k,
 *       loads two token vectors and broadcasts six weights: twelve FMAs per eight loads, no reductions;</li>
 *   <li>k is blocked by {@link #K_BLOCK} so one token panel's slice (K_BLOCK × PANEL floats, 16 KiB
 *       with 512-bit vectors) and the rows' slices stay in L1 while every row micro-tile of the task
 *       reuses them; the block of decoded rows (≤ 24 × columns floats) stays in L2.</li>
 * </ul>
 * Results accumulate in a per-task tile (rows × padded tokens) that is written to {@code out}
 * transposed at the end. Written from the published structure of BLIS and llamafile's tinyBLAS, not
 * from their code.
 */
final class PackedGemm {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Tokens per packed panel: two vectors. */
    static final int PANEL = 2 * L;
    /** Weight rows per micro-tile. */
    static final int MR = 6;
    static final int ROWS_PER_TASK = 4 * MR;
    static final int K_BLOCK = 128;

    private PackedGemm() {
    }

    /**
     * Packs tokens [panel·PANEL, panel·PANEL + PANEL) of x into {@code packed}, laid out as
     * packed[panel·columns·PANEL + k·PANEL + lane]; tokens past {@code tokens} are zero.
     */
    static void packPanel(float[] x, int xStride, int tokens, int columns, int panel, float[] packed) {
        int base = panel * columns * PANEL;
        int first = panel * PANEL;
        int count = Math.min(PANEL, tokens - first);
        if (count < PANEL) {
            Arrays.fill(packed, base, base + columns * PANEL, 0f);
        }
        for (int lane = 0; lane < count; lane++) {
            int from = (first + lane) * xStride;
            for (int k = 0; k < columns; k++) {
                packed[base + k * PANEL + lane] = x[from + k];
            }
        }
    }

    /** Size of the packed token array for {@code tokens} tokens of {@code columns} values. */
    static int packedLength(int tokens, int columns) {
        return panels(tokens) * columns * PANEL;
    }

    static int panels(int tokens) {
        return (tokens + PANEL - 1) / PANEL;
    }

    /**
     * Multiplies {@code rows} decoded rows (row j at {@code w[j·columns …]}, padded with zero rows up to a
     * multiple of {@link #MR}) with all packed tokens, writing out[t·outStride + firstRow + j].
     *
     * @param tile scratch of at least {@code roundUp(rows, MR) · panels · PANEL} floats
     */
    static void rowsTimesPanels(float[] w, int rows, int columns, float[] packed, int tokens, float[] out, int outStride,
                                int firstRow, float[] tile) {
        int paddedRows = (rows + MR - 1) / MR * MR;
        int panels = panels(tokens);
        int tileStride = panels * PANEL;
        Arrays.fill(tile, 0, paddedRows * tileStride, 0f);
        for (int k0 = 0; k0 < columns; k0 += K_BLOCK) {
            int k1 = Math.min(columns, k0 + K_BLOCK);
            for (int panel = 0; panel < panels; panel++) {
                int p = panel * columns * PANEL;
                boolean half = tokens - panel * PANEL <= L;
                for (int r = 0; r < paddedRows; r += MR) {
                    if (half) {
                        microHalf(w, r * columns, columns, packed, p, k0, k1, tile, r * tileStride + panel * PANEL, tileStride);
                    } else {
                        micro(w, r * columns, columns, packed, p, k0, k1, tile, r * tileStride + panel * PANEL, tileStride);
                    }
                }
            }
        }
        for (int j = 0; j < rows; j++) {
            int from = j * tileStride;
            for (int t = 0; t < tokens; t++) {
                out[t * outStride + firstRow + j] = tile[from + t];
            }
        }
    }

    /** The 6 × 2L micro-kernel over k in [k0, k1), accumulating into the tile. */
    private static void micro(float[] w, int w0, int columns, float[] packed, int p, int k0, int k1,
                              float[] tile, int c, int tileStride) {
        int c1 = c + tileStride;
        int c2 = c1 + tileStride;
        int c3 = c2 + tileStride;
        int c4 = c3 + tileStride;
        int c5 = c4 + tileStride;
        var a0 = FloatVector.fromArray(F, tile, c);
        var b0 = FloatVector.fromArray(F, tile, c + L);
        var a1 = FloatVector.fromArray(F, tile, c1);
        var b1 = FloatVector.fromArray(F, tile, c1 + L);
        var a2 = FloatVector.fromArray(F, tile, c2);
        var b2 = FloatVector.fromArray(F, tile, c2 + L);
        var a3 = FloatVector.fromArray(F, tile, c3);
        var b3 = FloatVector.fromArray(F, tile, c3 + L);
        var a4 = FloatVector.fromArray(F, tile, c4);
        var b4 = FloatVector.fromArray(F, tile, c4 + L);
        var a5 = FloatVector.fromArray(F, tile, c5);
        var b5 = FloatVector.fromArray(F, tile, c5 + L);
        int r1 = w0 + columns;
        int r2 = r1 + columns;
        int r3 = r2 + columns;
        int r4 = r3 + columns;
        int r5 = r4 + columns;
        for (int k = k0; k < k1; k++) {
            int x = p + k * PANEL;
            var xa = FloatVector.fromArray(F, packed, x);
            var xb = FloatVector.fromArray(F, packed, x + L);
            var v = FloatVector.broadcast(F, w[w0 + k]);
            a0 = xa.fma(v, a0);
            b0 = xb.fma(v, b0);
            v = FloatVector.broadcast(F, w[r1 + k]);
            a1 = xa.fma(v, a1);
            b1 = xb.fma(v, b1);
            v = FloatVector.broadcast(F, w[r2 + k]);
            a2 = xa.fma(v, a2);
            b2 = xb.fma(v, b2);
            v = FloatVector.broadcast(F, w[r3 + k]);
            a3 = xa.fma(v, a3);
            b3 = xb.fma(v, b3);
            v = FloatVector.broadcast(F, w[r4 + k]);
            a4 = xa.fma(v, a4);
            b4 = xb.fma(v, b4);
            v = FloatVector.broadcast(F, w[r5 + k]);
            a5 = xa.fma(v, a5);
            b5 = xb.fma(v, b5);
        }
        a0.intoArray(tile, c);
        b0.intoArray(tile, c + L);
        a1.intoArray(tile, c1);
        b1.intoArray(tile, c1 + L);
        a2.intoArray(tile, c2);
        b2.intoArray(tile, c2 + L);
        a3.intoArray(tile, c3);
        b3.intoArray(tile, c3 + L);
        a4.intoArray(tile, c4);
        b4.intoArray(tile, c4 + L);
        a5.intoArray(tile, c5);
        b5.intoArray(tile, c5 + L);
    }

    /** The 6 × L micro-kernel for a last panel holding at most L tokens. */
    private static void microHalf(float[] w, int w0, int columns, float[] packed, int p, int k0, int k1,
                                  float[] tile, int c, int tileStride) {
        int c1 = c + tileStride;
        int c2 = c1 + tileStride;
        int c3 = c2 + tileStride;
        int c4 = c3 + tileStride;
        int c5 = c4 + tileStride;
        var a0 = FloatVector.fromArray(F, tile, c);
        var a1 = FloatVector.fromArray(F, tile, c1);
        var a2 = FloatVector.fromArray(F, tile, c2);
        var a3 = FloatVector.fromArray(F, tile, c3);
        var a4 = FloatVector.fromArray(F, tile, c4);
        var a5 = FloatVector.fromArray(F, tile, c5);
        int r1 = w0 + columns;
        int r2 = r1 + columns;
        int r3 = r2 + columns;
        int r4 = r3 + columns;
        int r5 = r4 + columns;
        for (int k = k0; k < k1; k++) {
            var xa = FloatVector.fromArray(F, packed, p + k * PANEL);
            a0 = xa.fma(FloatVector.broadcast(F, w[w0 + k]), a0);
            a1 = xa.fma(FloatVector.broadcast(F, w[r1 + k]), a1);
            a2 = xa.fma(FloatVector.broadcast(F, w[r2 + k]), a2);
            a3 = xa.fma(FloatVector.broadcast(F, w[r3 + k]), a3);
            a4 = xa.fma(FloatVector.broadcast(F, w[r4 + k]), a4);
            a5 = xa.fma(FloatVector.broadcast(F, w[r5 + k]), a5);
        }
        a0.intoArray(tile, c);
        a1.intoArray(tile, c1);
        a2.intoArray(tile, c2);
        a3.intoArray(tile, c3);
        a4.intoArray(tile, c4);
        a5.intoArray(tile, c5);
    }
}
