package org.archlab.inference.kernels.jvm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Multiplies one decoded weight row with a batch of tokens, four tokens at a time so each weight vector
 * loaded feeds four fused multiply-adds.
 */
final class TiledMatmul {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private TiledMatmul() {
    }

    /** out[t·outStride + row] = w · x[t·xStride …] for t < tokens. */
    static void rowTimesTokens(float[] w, int n, float[] x, int xStride, int tokens, float[] out, int outStride, int row) {
        int t = 0;
        int upper = F.loopBound(n);
        for (; t + 4 <= tokens; t += 4) {
            var a0 = FloatVector.zero(F);
            var a1 = FloatVector.zero(F);
            var a2 = FloatVector.zero(F);
            var a3 = FloatVector.zero(F);
            int x0 = t * xStride;
            int x1 = x0 + xStride;
            int x2 = x1 + xStride;
            int x3 = x2 + xStride;
            int i = 0;
            for (; i < upper; i += F.length()) {
                var wv = FloatVector.fromArray(F, w, i);
                a0 = wv.fma(FloatVector.fromArray(F, x, x0 + i), a0);
                a1 = wv.fma(FloatVector.fromArray(F, x, x1 + i), a1);
                a2 = wv.fma(FloatVector.fromArray(F, x, x2 + i), a2);
                a3 = wv.fma(FloatVector.fromArray(F, x, x3 + i), a3);
            }
            float s0 = a0.reduceLanes(VectorOperators.ADD);
            float s1 = a1.reduceLanes(VectorOperators.ADD);
            float s2 = a2.reduceLanes(VectorOperators.ADD);
            float s3 = a3.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                s0 += w[i] * x[x0 + i];
                s1 += w[i] * x[x1 + i];
                s2 += w[i] * x[x2 + i];
                s3 += w[i] * x[x3 + i];
            }
            out[t * outStride + row] = s0;
            out[(t + 1) * outStride + row] = s1;
            out[(t + 2) * outStride + row] = s2;
            out[(t + 3) * outStride + row] = s3;
        }
        for (; t < tokens; t++) {
            out[t * outStride + row] = Vectors.dot(w, 0, x, t * xStride, n);
        }
    }
}
