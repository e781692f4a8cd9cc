package org.archlab.inference.bench;

import org.archlab.architecture.analysis.FullSizeEstimate;
import org.archlab.architecture.analysis.FullSizeEstimate.Footprint;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.Dtype;
import org.archlab.architecture.spec.ScaledVariant;
import org.archlab.inference.measurement.ScriptedClock;
import org.archlab.inference.model.RandomModel;
import org.archlab.inference.tensor.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./archlab bench --catalog} measures through the engine's one measurement: its decode speeds are the
 * measurement's figures from the clock, and its memory check counts the cache of the longest context it will measure.
 */
class CatalogSweepTest {

    private static final int GENERATE = 4;

    @TempDir
    Path dir;

    private CatalogSweep.Options options() throws IOException {
        return CatalogSweep.Options.parse(new String[]{"--catalog-file", TinyCatalog.file(dir).toString(), "--catalog-mode", "replace",
                "--contexts", "32,256", "--generate", String.valueOf(GENERATE), "--layers", "2", "--threads", "1"});
    }

    private List<String> table(long memoryLimit) throws IOException {
        var out = new ByteArrayOutputStream();
        CatalogSweep.run(options(), ScriptedClock.millisecondPerReading(), () -> memoryLimit, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** What the variant holds at its peak: the weights and one cache of the longest context, decoded tokens included. */
    private static long peakBytes(int context) {
        ArchitectureSpec variant = ScaledVariant.of(TinyCatalog.spec(), 2, 16);
        return RandomModel.estimatedBytes(variant, GgmlType.Q4_0, context + GENERATE);
    }

    @Test
    void each_context_reports_the_measurements_decode_speed_its_kv_and_the_full_size_estimate() throws IOException {
        List<String> table = table(Long.MAX_VALUE);

        assertThat(table).hasSize(3);
        assertThat(table.get(0)).isEqualTo("| model | variant | weights | decode tok/s @ 32 | decode tok/s @ 256 | KV (variant) @ 32"
                + " | KV (variant) @ 256 | KV full model BF16 @ 256 | full-size estimate tok/s @ 32 | full-size estimate tok/s @ 256 |");
        List<String> cells = Arrays.stream(table.get(2).split("\\|")).map(String::strip).skip(1).toList();
        assertThat(cells).hasSize(10);
        assertThat(cells.subList(0, 2)).containsExactly(TinyCatalog.NAME, "2 of 4 layers");
        assertThat(cells.get(2)).endsWith(" Q4_0");
        // One millisecond per clock reading: each decoded token took 1 ms.
        assertThat(cells.subList(3, 5)).containsExactly("1000.00", "1000.00");
        ArchitectureSpec full = TinyCatalog.spec();
        ArchitectureSpec variant = ScaledVariant.of(full, 2, 16);
        double estimate = FullSizeEstimate.of(1000, Footprint.of(variant, Dtype.Q4_0, Dtype.F32, 256),
                Footprint.of(full, Dtype.Q4_0, Dtype.F32, 256)).decodeTokensPerSecond();
        assertThat(cells.get(9)).isEqualTo(String.format(Locale.ROOT, "%.2f", estimate));
        assertThat(Double.parseDouble(cells.get(9))).isLessThan(1000);
    }

    @Test
    void a_variant_whose_longest_context_cache_does_not_fit_is_refused_before_it_is_built() throws IOException {
        assertThat(table(peakBytes(256)).get(2)).doesNotContain("failed").contains("1000.00");
        // Enough for the weights and the short context's cache, not for the long one's.
        assertThat(peakBytes(32)).isLessThan(peakBytes(256) - 1);
        assertThat(table(peakBytes(256) - 1).get(2)).startsWith("| " + TinyCatalog.NAME + " | 2 of 4 layers | failed: ")
                .contains("a cache of 260 positions").contains("needs an estimated");
    }
}
