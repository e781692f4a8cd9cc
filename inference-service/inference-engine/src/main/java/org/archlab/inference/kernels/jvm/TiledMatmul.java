package org.archlab.inference.kernels.jvm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Multiplies decoded weight rows with a batch of tokens in 4 × 4 tiles: each step loads four weight
 * vectors and four token vectors and feeds sixteen fused multiply-adds from registers, so the loop is
 * bound by arithmetic rather than by loads.
 */
final class TiledMatmul {

    static final int ROWS = 4;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private TiledMatmul() {
    }

    /**
     * For each of {@code rows} decoded rows (row j at {@code w[j·n …]}, output row {@code firstRow + j}):
     * out[t·outStride + row] = w_row · x[t·xStride …] for t < tokens.
     */
    static void rowsTimesTokens(float[] w, int rows, int n, float[] x, int xStride, int tokens, float[] out, int outStride,
                                int firstRow) {
        if (rows == ROWS && n % F.length() == 0) {
            int t = 0;
            for (; t + 4 <= tokens; t += 4) {
                tile4x4(w, n, x, xStride, t, out, outStride, firstRow);
            }
            for (; t < tokens; t++) {
                for (int j = 0; j < rows; j++) {
                    out[t * outStride + firstRow + j] = Vectors.dot(w, j * n, x, t * xStride, n);
                }
            }
            return;
        }
        for (int j = 0; j < rows; j++) {
            for (int t = 0; t < tokens; t++) {
                out[t * outStride + firstRow + j] = Vectors.dot(w, j * n, x, t * xStride, n);
            }
        }
    }

    private static void tile4x4(float[] w, int n, float[] x, int xStride, int t, float[] out, int outStride, int firstRow) {
        var a00 = FloatVector.zero(F);
        var a01 = FloatVector.zero(F);
        var a02 = FloatVector.zero(F);
        var a03 = FloatVector.zero(F);
        var a10 = FloatVector.zero(F);
        var a11 = FloatVector.zero(F);
        var a12 = FloatVector.zero(F);
        var a13 = FloatVector.zero(F);
        var a20 = FloatVector.zero(F);
        var a21 = FloatVector.zero(F);
        var a22 = FloatVector.zero(F);
        var a23 = FloatVector.zero(F);
        var a30 = FloatVector.zero(F);
        var a31 = FloatVector.zero(F);
        var a32 = FloatVector.zero(F);
        var a33 = FloatVector.zero(F);
        int x0 = t * xStride;
        int x1 = x0 + xStride;
        int x2 = x1 + xStride;
        int x3 = x2 + xStride;
        for (int i = 0; i < n; i += F.length()) {
            var v0 = FloatVector.fromArray(F, x, x0 + i);
            var v1 = FloatVector.fromArray(F, x, x1 + i);
            var v2 = FloatVector.fromArray(F, x, x2 + i);
            var v3 = FloatVector.fromArray(F, x, x3 + i);
            var w0 = FloatVector.fromArray(F, w, i);
            a00 = w0.fma(v0, a00);
            a01 = w0.fma(v1, a01);
            a02 = w0.fma(v2, a02);
            a03 = w0.fma(v3, a03);
            var w1 = FloatVector.fromArray(F, w, n + i);
            a10 = w1.fma(v0, a10);
            a11 = w1.fma(v1, a11);
            a12 = w1.fma(v2, a12);
            a13 = w1.fma(v3, a13);
            var w2 = FloatVector.fromArray(F, w, 2 * n + i);
            a20 = w2.fma(v0, a20);
            a21 = w2.fma(v1, a21);
            a22 = w2.fma(v2, a22);
            a23 = w2.fma(v3, a23);
            var w3 = FloatVector.fromArray(F, w, 3 * n + i);
            a30 = w3.fma(v0, a30);
            a31 = w3.fma(v1, a31);
            a32 = w3.fma(v2, a32);
            a33 = w3.fma(v3, a33);
        }
        int o0 = t * outStride + firstRow;
        int o1 = o0 + outStride;
        int o2 = o1 + outStride;
        int o3 = o2 + outStride;
        out[o0] = a00.reduceLanes(VectorOperators.ADD);
        out[o1] = a01.reduceLanes(VectorOperators.ADD);
        out[o2] = a02.reduceLanes(VectorOperators.ADD);
        out[o3] = a03.reduceLanes(VectorOperators.ADD);
        out[o0 + 1] = a10.reduceLanes(VectorOperators.ADD);
        out[o1 + 1] = a11.reduceLanes(VectorOperators.ADD);
        out[o2 + 1] = a12.reduceLanes(VectorOperators.ADD);
        out[o3 + 1] = a13.reduceLanes(VectorOperators.ADD);
        out[o0 + 2] = a20.reduceLanes(VectorOperators.ADD);
        out[o1 + 2] = a21.reduceLanes(VectorOperators.ADD);
        out[o2 + 2] = a22.reduceLanes(VectorOperators.ADD);
        out[o3 + 2] = a23.reduceLanes(VectorOperators.ADD);
        out[o0 + 3] = a30.reduceLanes(VectorOperators.ADD);
        out[o1 + 3] = a31.reduceLanes(VectorOperators.ADD);
        out[o2 + 3] = a32.reduceLanes(VectorOperators.ADD);
        out[o3 + 3] = a33.reduceLanes(VectorOperators.ADD);
    }
}
