package org.archlab.inference.tokenizer;

import org.archlab.inference.Fixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * llama.cpp's tokenizer test cases ({@code ggml-vocab-<name>.gguf.inp/.out} in test-data/fixtures/tokenizers):
 * texts separated by {@code \n__ggml_vocab_test__\n}, one line of expected ids per text.
 */
record ReferenceCases(String vocabulary, List<Case> cases) {

    record Case(int index, String text, int[] ids) {
        @Override
        public String toString() {
            String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
            return "#" + index + " '" + shown.replace("\n", "\\n").replace("\t", "\\t") + "'";
        }
    }

    private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    static Path dir() {
        return Fixtures.dir().resolve("tokenizers");
    }

    static Path gguf(String vocabulary) {
        return dir().resolve("ggml-vocab-" + vocabulary + ".gguf");
    }

    static ReferenceCases of(String vocabulary) {
        try {
            String input = Files.readString(dir().resolve("ggml-vocab-" + vocabulary + ".gguf.inp"));
            List<String> expected = Files.readAllLines(dir().resolve("ggml-vocab-" + vocabulary + ".gguf.out"));
            var texts = new ArrayList<String>();
            int pos = 0;
            while (pos < input.length()) {
                int next = input.indexOf(SEPARATOR, pos);
                if (next < 0) {
                    texts.add(input.substring(pos));
                    break;
                }
                texts.add(input.substring(pos, next));
                pos = next + SEPARATOR.length();
            }
            if (texts.size() != expected.size()) {
                throw new IllegalStateException(vocabulary + ": " + texts.size() + " texts but " + expected.size() + " id lines");
            }
            var cases = new ArrayList<Case>();
            for (int i = 0; i < texts.size(); i++) {
                String line = expected.get(i).strip();
                int[] ids = line.isEmpty() ? new int[0] : Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
                cases.add(new Case(i, texts.get(i), ids));
            }
            return new ReferenceCases(vocabulary, List.copyOf(cases));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
