package org.archlab.inference.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class QuantizeTest {

    @ParameterizedTest
    @EnumSource(GgmlType.class)
    void a_stored_row_reads_back_within_the_formats_precision(GgmlType type) {
        var random = new Random(11);
        int n = 96;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        try (Arena arena = Arena.ofConfined()) {
            var tensor = new WeightTensor("t", type, new long[]{n}, arena.allocate(type.rowBytes(n)));
            Quantize.row(type, x, 0, n, tensor.data(), 0);
            float[] back = Dequantize.all(tensor);
            double worst = switch (type) {
                case F32 -> 0;
                case F16 -> 1e-3;
                case BF16 -> 8e-3;
                case Q8_0 -> 0.02;
                case Q4_0 -> 0.25;
            };
            for (int i = 0; i < n; i++) {
                assertThat((double) Math.abs(back[i] - x[i])).isLessThanOrEqualTo(worst * Math.max(1, Math.abs(x[i])) * 4);
            }
        }
    }
}
