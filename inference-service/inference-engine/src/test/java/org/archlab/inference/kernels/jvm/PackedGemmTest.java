package org.archlab.inference.kernels.jvm;

import org.archlab.inference.tensor.Dequantize;
import org.archlab.inference.tensor.GgmlType;
import org.archlab.inference.tensor.Quantize;
import org.archlab.inference.tensor.WeightTensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The packed GEMM against the naive product of the dequantised weights, for shapes whose rows, columns
 * and batch are not multiples of the micro-tile (6 rows × two vectors of tokens), the K block or a task.
 */
class PackedGemmTest {

    private final Random random = new Random();

    @ParameterizedTest
    @CsvSource({
            "F32, 1, 1, 2",
            "F32, 7, 13, 3",
            "F32, 29, 131, 17",
            "F32, 50, 300, 33",
            "F16, 25, 257, 49",
            "BF16, 31, 129, 40",
            "Q8_0, 23, 160, 35",
            "Q8_0, 61, 288, 2",
            "Q4_0, 37, 96, 65",
            "Q4_0, 6, 32, 16"
    })
    void equals_the_naive_product(GgmlType type, int rows, int columns, int tokens) {
        int xStride = columns + 3;
        int outStride = rows + 5;
        float[] x = new float[tokens * xStride];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        try (Arena arena = Arena.ofShared();
             var kernels = new JvmKernelBackend(2, JvmKernelOptions.floatKernels(2))) {
            WeightTensor w = randomMatrix(arena, type, rows, columns);
            float[] weights = Dequantize.all(w);
            float[] out = new float[tokens * outStride];
            java.util.Arrays.fill(out, Float.NaN);
            kernels.matmul(w, x, xStride, tokens, out, outStride);
            for (int t = 0; t < tokens; t++) {
                for (int r = 0; r < rows; r++) {
                    double expected = 0;
                    double magnitude = 0;
                    for (int c = 0; c < columns; c++) {
                        expected += (double) weights[r * columns + c] * x[t * xStride + c];
                        magnitude += Math.abs((double) weights[r * columns + c] * x[t * xStride + c]);
                    }
                    assertThat((double) out[t * outStride + r]).as("token %d row %d", t, r)
                            .isCloseTo(expected, within(1e-5 * magnitude + 1e-6));
                }
                for (int r = rows; r < outStride; r++) {
                    assertThat(out[t * outStride + r]).as("padding of token %d left alone", t).isNaN();
                }
            }
        }
    }

    private WeightTensor randomMatrix(Arena arena, GgmlType type, int rows, int columns) {
        long rowBytes = type.rowBytes(columns);
        var data = arena.allocate(rowBytes * rows, 64);
        float[] row = new float[columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                row[c] = (float) random.nextGaussian();
            }
            Quantize.row(type, row, 0, columns, data, r * rowBytes);
        }
        return new WeightTensor("w", type, new long[]{columns, rows}, data);
    }
}
