package org.archlab.inference.tokenizer;

import org.archlab.architecture.gguf.GgufFormatException;
import org.archlab.architecture.gguf.GgufHeader;
import org.archlab.architecture.gguf.GgufHeaderReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Builds a tokenizer from GGUF metadata ({@code tokenizer.ggml.*}) with llama.cpp's rules: which
 * tokenizer the model names, which word-splitting the pre-tokenizer name selects, the default special
 * ids and BOS/EOS flags per tokenizer kind, and how each token type turns back into bytes.
 */
final class GgufTokenizerLoader {

    private static final String PREFIX = "tokenizer.ggml.";

    private final GgufHeader header;
    private final Path file;

    private GgufTokenizerLoader(GgufHeader header, Path file) {
        this.header = header;
        this.file = file;
    }

    static Tokenizer load(Path file) {
        GgufHeader header;
        try {
            header = GgufHeaderReader.read(file);
        } catch (IOException e) {
            throw new TokenizerException(file, "cannot be read: " + e.getMessage(), e);
        } catch (GgufFormatException e) {
            throw new TokenizerException(file, e.getMessage(), e);
        }
        return load(header, file);
    }

    static Tokenizer load(GgufHeader header, Path file) {
        try {
            return new GgufTokenizerLoader(header, file).tokenizer();
        } catch (GgufFormatException e) {
            throw new TokenizerException(file, e.getMessage(), e);
        }
    }

    private Tokenizer tokenizer() {
        String model = header.string(PREFIX + "model").orElseThrow(() -> new TokenizerException(file,
                "has no tokenizer metadata: " + PREFIX + "model is missing"));
        return switch (model) {
            case "gpt2" -> bytePair();
            case "llama" -> sentencePiece();
            case "bert" -> wordPiece();
            default -> throw new TokenizerException(file, PREFIX + "model '" + model
                    + "' is not supported (supported: gpt2, llama, bert)");
        };
    }

    private Tokenizer bytePair() {
        String preName = header.string(PREFIX + "pre").orElse("default");
        GgufPreTokenizer pre = GgufPreTokenizer.named(preName).orElseThrow(() -> new TokenizerException(file,
                PREFIX + "pre '" + preName + "' is not supported (supported: " + GgufPreTokenizer.supportedNames() + ")"));
        Vocabulary vocabulary = vocabulary();
        var merges = new MergeTable(vocabulary, merges());
        var encoder = new BytePairEncoder(vocabulary, merges, UnaryOperator.identity(), pre.preTokenizer(), true,
                pre.ignoresMerges(), false, -1);
        byte[][] pieces = pieces(vocabulary, ByteLevel::decode);
        return assemble(vocabulary, encoder, pieces, -1, -1, pre.addsBos(), false);
    }

    private Tokenizer sentencePiece() {
        Vocabulary vocabulary = vocabulary();
        boolean spacePrefix = header.bool(PREFIX + "add_space_prefix").orElse(true);
        int unknown = specialId("unknown_token_id", vocabulary, 0);
        var encoder = new SentencePieceEncoder(vocabulary, spacePrefix, unknown);
        byte[][] pieces = pieces(vocabulary,
                text -> text.replace(SentencePieceEncoder.SPACE, " ").getBytes(StandardCharsets.UTF_8));
        return assemble(vocabulary, encoder, pieces, 1, 2, true, false);
    }

    private Tokenizer wordPiece() {
        Vocabulary vocabulary = vocabulary();
        int unknown = specialId("unknown_token_id", vocabulary, 100);
        boolean lowercase = header.bool(PREFIX + "normalizer.lowercase").orElse(true);
        boolean stripAccents = header.bool(PREFIX + "normalizer.strip_accents").orElse(lowercase);
        var encoder = new WordPieceEncoder(vocabulary, lowercase, stripAccents, unknown);
        byte[][] pieces = pieces(vocabulary,
                text -> text.replace(SentencePieceEncoder.SPACE, " ").getBytes(StandardCharsets.UTF_8));
        return assemble(vocabulary, encoder, pieces, 101, -1, true, true);
    }

    /**
     * @param bos           llama.cpp's default BOS id for this kind of vocabulary, -1 for none; likewise eos
     * @param addsBos       whether BOS is added when the file does not say
     * @param addsSeparator whether the separator token ends the text (BERT)
     */
    private Tokenizer assemble(Vocabulary vocabulary, TextEncoder encoder, byte[][] pieces, int bos, int eos,
                               boolean addsBos, boolean addsSeparator) {
        bos = specialId("bos_token_id", vocabulary, bos);
        eos = specialId("eos_token_id", vocabulary, eos);
        int separator = specialId("seperator_token_id", vocabulary, addsSeparator ? 102 : -1);
        boolean addBos = header.bool(PREFIX + "add_bos_token").orElse(addsBos);
        boolean addEos = header.bool(PREFIX + "add_eos_token").orElse(false);
        boolean addSeparator = header.bool(PREFIX + "add_sep_token").orElse(addsSeparator);
        int[] prefix = addBos ? new int[]{required(bos, "add_bos_token", "bos_token_id")} : new int[0];
        List<Integer> suffix = new ArrayList<>();
        if (addEos) {
            suffix.add(required(eos, "add_eos_token", "eos_token_id"));
        }
        if (addSeparator) {
            suffix.add(required(separator, "add_sep_token", "seperator_token_id"));
        }
        var endOfGeneration = EndOfGeneration.of(vocabulary, eos, specialId("eot_token_id", vocabulary, -1),
                specialId("eom_token_id", vocabulary, -1));
        var specials = new VocabularyTokenizer.Specials(bos, eos, prefix,
                suffix.stream().mapToInt(Integer::intValue).toArray(), endOfGeneration);
        boolean stripsLeadingSpace = header.bool(PREFIX + "add_space_prefix")
                .orElse(header.string(PREFIX + "model").orElseThrow().equals("llama"));
        return new VocabularyTokenizer(vocabulary, specialTokens(vocabulary), encoder, pieces, stripsLeadingSpace, specials,
                header.string("tokenizer.chat_template").orElse(null));
    }

    private Vocabulary vocabulary() {
        List<String> stored = stringArray("tokens")
                .orElseThrow(() -> new TokenizerException(file, "has no tokenizer vocabulary: " + PREFIX + "tokens is missing"));
        int n = stored.size();
        // llama.cpp names empty entries so they stay distinct and can never match text.
        var tokens = new ArrayList<String>(n);
        for (int i = 0; i < n; i++) {
            tokens.add(stored.get(i).isEmpty() ? "[EMPTY_" + i + "]" : stored.get(i));
        }
        var types = new TokenType[n];
        Object typeArray = header.metadata().get(PREFIX + "token_type");
        if (typeArray != null && !(typeArray instanceof long[] codes && codes.length >= n)) {
            throw new TokenizerException(file, PREFIX + "token_type must be an integer array with one entry per token");
        }
        for (int i = 0; i < n; i++) {
            types[i] = typeArray == null ? TokenType.NORMAL : TokenType.ofGguf(((long[]) typeArray)[i]);
        }
        float[] scores = new float[n];
        switch (header.metadata().get(PREFIX + "scores")) {
            case null -> {
            }
            case double[] values when values.length >= n -> {
                for (int i = 0; i < n; i++) {
                    scores[i] = (float) values[i];
                }
            }
            case long[] values when values.length >= n -> {
                for (int i = 0; i < n; i++) {
                    scores[i] = values[i];
                }
            }
            default -> throw new TokenizerException(file, PREFIX + "scores must be a number array with one entry per token");
        }
        try {
            return new Vocabulary(tokens, types, scores);
        } catch (IllegalArgumentException e) {
            throw new TokenizerException(file, PREFIX + "tokens: " + e.getMessage());
        }
    }

    private List<String[]> merges() {
        List<String> lines = stringArray("merges").orElseThrow(() -> new TokenizerException(file,
                PREFIX + "merges is missing (a gpt2 vocabulary needs its merges)"));
        var pairs = new ArrayList<String[]>(lines.size());
        for (String line : lines) {
            // llama.cpp splits at the first space after the first character, so a merge may start with one.
            int space = line.indexOf(' ', 1);
            pairs.add(space < 0 ? new String[]{"", ""} : new String[]{line.substring(0, space), line.substring(space + 1)});
        }
        return pairs;
    }

    private SpecialTokens specialTokens(Vocabulary vocabulary) {
        // llama.cpp strips the whitespace after Phi-3's special tokens, recognising the model by name.
        boolean phi3 = header.string("general.name").map(name -> name.toLowerCase(Locale.ROOT))
                .filter(name -> name.contains("phi-3") || name.contains("phi3")).isPresent();
        var specials = new ArrayList<SpecialTokens.Special>();
        for (int id = 0; id < vocabulary.size(); id++) {
            TokenType type = vocabulary.type(id);
            String text = vocabulary.text(id);
            if (type.isSpecial()) {
                boolean rstrip = phi3 && (text.equals("</s>") || !List.of("<unk>", "<s>", "<|endoftext|>").contains(text));
                specials.add(new SpecialTokens.Special(id, text, type == TokenType.USER_DEFINED, false, rstrip));
            }
        }
        return new SpecialTokens(specials);
    }

    private static byte[][] pieces(Vocabulary vocabulary, java.util.function.Function<String, byte[]> normalText) {
        byte[][] pieces = new byte[vocabulary.size()][];
        for (int id = 0; id < pieces.length; id++) {
            String text = vocabulary.text(id);
            pieces[id] = switch (vocabulary.type(id)) {
                case NORMAL -> normalText.apply(text);
                case BYTE -> new byte[]{(byte) Integer.parseInt(text.substring(3, 5), 16)};
                case CONTROL, UNKNOWN, USER_DEFINED -> text.getBytes(StandardCharsets.UTF_8);
                case UNUSED, UNDEFINED -> new byte[0];
            };
        }
        return pieces;
    }

    /** A special id from the file, else the default; ids outside the vocabulary are ignored, as llama.cpp does. */
    private int specialId(String key, Vocabulary vocabulary, int fallback) {
        long id = header.integer(PREFIX + key).orElse((long) fallback);
        if (id < 0 || id >= vocabulary.size()) {
            return fallback < vocabulary.size() ? fallback : -1;
        }
        return (int) id;
    }

    private int required(int id, String flag, String idKey) {
        if (id < 0) {
            throw new TokenizerException(file, PREFIX + flag + " is true, but " + PREFIX + idKey + " is not set");
        }
        return id;
    }

    @SuppressWarnings("unchecked")
    private Optional<List<String>> stringArray(String key) {
        Object value = header.metadata().get(PREFIX + key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list) || list.stream().anyMatch(e -> !(e instanceof String))) {
            throw new TokenizerException(file, PREFIX + key + " must be an array of strings");
        }
        return Optional.of((List<String>) list);
    }
}
