package org.archlab.inference.tokenizer;

import org.archlab.architecture.gguf.GgufHeader;
import org.archlab.architecture.gguf.GgufHeaderReader;
import org.archlab.architecture.json.SpecJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SentencePiece-style tokenizer.json, as Hugging Face writes Llama 2's: ▁ for spaces and a ▁ prepended by
 * the normalizer, no pre-tokenizer, merges, byte fallback, and a decoder that strips the prepended space.
 * Built here from the llama-spm vocabulary (merges ranked by the score of the token they make), it must give
 * llama.cpp's reference ids, and its post-processor template must put BOS in front.
 */
class ByteFallbackTokenizerJsonTest {

    @TempDir
    static Path dir;

    private static Tokenizer tokenizer;

    @BeforeAll
    static void write_tokenizer_json_from_the_llama_spm_vocabulary() throws IOException {
        GgufHeader header;
        try (InputStream in = Files.newInputStream(ReferenceCases.gguf("llama-spm"))) {
            header = GgufHeaderReader.read(in);
        }
        @SuppressWarnings("unchecked")
        List<String> tokens = (List<String>) header.metadata().get("tokenizer.ggml.tokens");
        double[] scores = (double[]) header.metadata().get("tokenizer.ggml.scores");
        long[] types = (long[]) header.metadata().get("tokenizer.ggml.token_type");

        var mapper = SpecJson.mapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode added = root.putArray("added_tokens");
        Map<String, Integer> ids = new HashMap<>();
        ObjectNode vocab = mapper.createObjectNode();
        for (int id = 0; id < tokens.size(); id++) {
            ids.put(tokens.get(id), id);
            vocab.put(tokens.get(id), id);
            if (types[id] == 2 || types[id] == 3) {
                added.addObject().put("id", id).put("content", tokens.get(id)).put("special", true)
                        .put("lstrip", false).put("rstrip", false).put("normalized", false).put("single_word", false);
            }
        }
        record Merge(double score, int id, String left, String right) {
        }
        var merges = new ArrayList<Merge>();
        for (int id = 0; id < tokens.size(); id++) {
            String token = tokens.get(id);
            for (int cut = 1; types[id] == 1 && cut < token.length(); cut++) {
                if (ids.containsKey(token.substring(0, cut)) && ids.containsKey(token.substring(cut))) {
                    merges.add(new Merge(scores[id], id, token.substring(0, cut), token.substring(cut)));
                }
            }
        }
        merges.sort(Comparator.comparingDouble(Merge::score).reversed().thenComparingInt(Merge::id).thenComparing(Merge::left));

        ObjectNode normalizer = root.putObject("normalizer").put("type", "Sequence");
        normalizer.putArray("normalizers").add(mapper.createObjectNode().put("type", "Prepend").put("prepend", "\u2581"))
                .add(replace(mapper.createObjectNode(), " ", "\u2581"));
        root.putNull("pre_tokenizer");
        ObjectNode template = root.putObject("post_processor").put("type", "TemplateProcessing");
        template.putArray("single").add(mapper.createObjectNode().set("SpecialToken", mapper.createObjectNode().put("id", "<s>")))
                .add(mapper.createObjectNode().set("Sequence", mapper.createObjectNode().put("id", "A")));
        template.putObject("special_tokens").putObject("<s>").put("id", "<s>").putArray("ids").add(1);
        ObjectNode decoder = root.putObject("decoder").put("type", "Sequence");
        decoder.putArray("decoders").add(replace(mapper.createObjectNode(), "\u2581", " "))
                .add(mapper.createObjectNode().put("type", "ByteFallback"))
                .add(mapper.createObjectNode().put("type", "Fuse"))
                .add(mapper.createObjectNode().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0));
        ObjectNode model = root.putObject("model").put("type", "BPE").put("byte_fallback", true).put("unk_token", "<unk>");
        model.set("vocab", vocab);
        ArrayNode mergeList = model.putArray("merges");
        merges.forEach(m -> mergeList.addArray().add(m.left()).add(m.right()));
        Files.writeString(dir.resolve("tokenizer.json"), mapper.writeValueAsString(root));
        tokenizer = Tokenizer.fromHuggingFace(dir);
    }

    private static ObjectNode replace(ObjectNode node, String pattern, String content) {
        node.put("type", "Replace").put("content", content).putObject("pattern").put("String", pattern);
        return node;
    }

    @TestFactory
    Stream<DynamicTest> each_reference_text_tokenizes_to_llama_cpp_ids_and_back() {
        return ReferenceCases.of("llama-spm").cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            int[] ids = tokenizer.encode(c.text(), false, false);
            assertThat(ids).as(c.toString()).containsExactly(c.ids());
            assertThat(tokenizer.decode(ids)).isEqualTo(c.text());
        }));
    }

    @Test
    void the_post_processor_template_puts_bos_in_front() {
        assertThat(tokenizer.bos()).hasValue(1);
        assertThat(tokenizer.encode("Hello", true, false)).startsWith(1).hasSize(tokenizer.encode("Hello", false, false).length + 1);
    }
}
