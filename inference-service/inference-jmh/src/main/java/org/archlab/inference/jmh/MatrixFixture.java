package org.archlab.inference.jmh;

import org.archlab.inference.tensor.GgmlType;
import org.archlab.inference.tensor.Quantize;
import org.archlab.inference.tensor.WeightTensor;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;

/** A random weight matrix in a storage format, in off-heap memory like a loaded checkpoint's. */
final class MatrixFixture {

    private MatrixFixture() {
    }

    static WeightTensor matrix(Arena arena, GgmlType type, int rows, int columns, long seed) {
        var random = new SplittableRandom(seed);
        long rowBytes = type.rowBytes(columns);
        var data = arena.allocate(rowBytes * rows, 64);
        float[] row = new float[columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                row[c] = (float) (random.nextDouble() * 2 - 1) * 0.05f;
            }
            Quantize.row(type, row, 0, columns, data, r * rowBytes);
        }
        return new WeightTensor("bench", type, new long[]{columns, rows}, data);
    }

    static float[] vector(int n, long seed) {
        var random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return x;
    }
}
