package org.archlab.architecture.gguf;

import org.archlab.architecture.Reference;
import org.archlab.architecture.analysis.ParameterCounts;
import org.archlab.architecture.analysis.TensorLayout;
import org.archlab.architecture.analysis.TensorShape;
import org.archlab.architecture.validation.SpecValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** For every GGUF fixture, the spec read from its header implies exactly the file's tensors. */
class FixtureParameterCountsTest {

    static Stream<Path> fixtures() throws IOException {
        return Files.list(Reference.fixture("")).filter(p -> p.toString().endsWith(".gguf")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void total_equals_the_files_tensor_element_count(Path file) throws IOException {
        GgufHeader header = read(file);
        var spec = GgufSpecImporter.importHeader(header);

        long inFile = header.tensors().stream().mapToLong(GgufTensorInfo::elements).sum();
        assertThat(SpecValidator.violations(spec)).isEmpty();
        assertThat(ParameterCounts.of(spec).total()).isEqualTo(inFile);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void every_tensor_of_the_file_has_the_element_count_the_layout_predicts(Path file) throws IOException {
        GgufHeader header = read(file);
        var predicted = TensorLayout.of(GgufSpecImporter.importHeader(header)).stream()
                .collect(Collectors.groupingBy(t -> blockless(t.name()), Collectors.summingLong(TensorShape::elements)));
        var actual = header.tensors().stream()
                .collect(Collectors.groupingBy(t -> blockless(t.name()), Collectors.summingLong(GgufTensorInfo::elements)));
        // Norm names differ where llama.cpp names the same tensor otherwise (grok's attn_output_norm).
        assertThat(predicted.values().stream().sorted().toList()).isEqualTo(actual.values().stream().sorted().toList());
    }

    /** Per-block names, with q/k/v merged as GPT-2's fused attn_qkv. */
    private static String blockless(String name) {
        return name.replaceAll("^blk\\.\\d+\\.", "blk.").replaceAll("attn_(q|k|v)\\.", "attn_qkv.");
    }

    private static GgufHeader read(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return GgufHeaderReader.read(in);
        }
    }
}
