package org.archlab.inference.tokenizer;

import org.archlab.architecture.json.SpecJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Builds a tokenizer from a Hugging Face {@code tokenizer.json} (BPE models: byte-level like GPT-2, Llama 3
 * and Qwen, or with byte fallback) and the {@code tokenizer_config.json} beside it. Every component the
 * file names must be one this loader understands; anything else is refused with its JSON path, never
 * approximated.
 */
final class HuggingFaceTokenizerLoader {

    private static final String BYTE_LEVEL_REGEX =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private final Path file;
    private final JsonNode root;
    private final JsonNode config;
    private boolean byteLevel;
    private boolean prefixSpace;

    private HuggingFaceTokenizerLoader(Path file, JsonNode root, JsonNode config) {
        this.file = file;
        this.root = root;
        this.config = config;
    }

    static Tokenizer load(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        Path configFile = file.resolveSibling("tokenizer_config.json");
        JsonNode config = Files.isRegularFile(configFile) ? read(configFile) : SpecJson.mapper().createObjectNode();
        return new HuggingFaceTokenizerLoader(file, read(file), config).tokenizer();
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TokenizerException(file, "does not exist (expected a Hugging Face tokenizer.json)");
        }
        try {
            return SpecJson.mapper().readTree(file);
        } catch (JacksonException e) {
            throw new TokenizerException(file, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private Tokenizer tokenizer() {
        JsonNode model = root.path("model");
        String type = model.path("type").asString("BPE");
        if (!type.equals("BPE") || !model.has("merges")) {
            throw new TokenizerException(file, "model.type '" + type + "' is not supported (supported: BPE with merges)");
        }
        for (String field : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
            if (!model.path(field).asString("").isEmpty()) {
                throw new TokenizerException(file, "model." + field + " is not supported");
            }
        }
        Vocabulary vocabulary = vocabulary(model);
        UnaryOperator<String> normalizer = normalizer(root.path("normalizer"), "normalizer");
        PreTokenizer preTokenizer = preTokenizer(root.path("pre_tokenizer"), "pre_tokenizer");
        if (prefixSpace) {
            UnaryOperator<String> inner = normalizer;
            normalizer = text -> {
                String normalized = inner.apply(text);
                return normalized.startsWith(" ") ? normalized : " " + normalized;
            };
        }
        int unknown = model.path("unk_token").isString() ? vocabulary.id(model.path("unk_token").asString()) : -1;
        var encoder = new BytePairEncoder(vocabulary, new MergeTable(vocabulary, merges(model.path("merges"))), normalizer,
                preTokenizer, byteLevel, model.path("ignore_merges").asBoolean(false),
                model.path("byte_fallback").asBoolean(false), unknown);
        var decoding = new Decoding(byteLevel);
        decoding.read(root.path("decoder"), "decoder");

        int bos = tokenId(config.path("bos_token"), vocabulary);
        int eos = tokenId(config.path("eos_token"), vocabulary);
        List<Integer> prefix = new ArrayList<>();
        List<Integer> suffix = new ArrayList<>();
        boolean templated = postProcessor(root.path("post_processor"), "post_processor", prefix, suffix);
        if (!templated) {
            if (config.path("add_bos_token").asBoolean(false) && bos >= 0) {
                prefix.add(bos);
            }
            if (config.path("add_eos_token").asBoolean(false) && eos >= 0) {
                suffix.add(eos);
            }
        }
        if (bos < 0 && !prefix.isEmpty()) {
            bos = prefix.getFirst();
        }
        var specials = new VocabularyTokenizer.Specials(bos, eos, ints(prefix), ints(suffix), EndOfGeneration.of(vocabulary, eos));
        return new VocabularyTokenizer(vocabulary, specialTokens(), encoder, decoding.pieces(vocabulary),
                decoding.stripsLeadingSpace, specials, chatTemplate());
    }

    private Vocabulary vocabulary(JsonNode model) {
        JsonNode vocab = model.path("vocab");
        if (!vocab.isObject()) {
            throw new TokenizerException(file, "model.vocab must be an object of token to id");
        }
        int size = 0;
        for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
            size = Math.max(size, entry.getValue().asInt() + 1);
        }
        for (JsonNode added : root.path("added_tokens")) {
            size = Math.max(size, added.path("id").asInt() + 1);
        }
        var texts = new String[size];
        var types = new TokenType[size];
        for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
            int id = entry.getValue().asInt(-1);
            if (id < 0) {
                throw new TokenizerException(file, "model.vocab['" + entry.getKey() + "'] is not a token id");
            }
            texts[id] = entry.getKey();
            types[id] = TokenType.NORMAL;
        }
        for (JsonNode added : root.path("added_tokens")) {
            int id = added.path("id").asInt(-1);
            if (id < 0 || !added.path("content").isString()) {
                throw new TokenizerException(file, "added_tokens entry " + added + " needs an id and a content");
            }
            texts[id] = added.path("content").asString();
            types[id] = added.path("special").asBoolean(false) ? TokenType.CONTROL : TokenType.USER_DEFINED;
        }
        for (int id = 0; id < size; id++) {
            if (texts[id] == null) {
                texts[id] = "[PAD" + id + "]";
                types[id] = TokenType.UNUSED;
            }
        }
        try {
            return new Vocabulary(Arrays.asList(texts), types, new float[size]);
        } catch (IllegalArgumentException e) {
            throw new TokenizerException(file, "model.vocab/added_tokens: " + e.getMessage());
        }
    }

    private List<String[]> merges(JsonNode merges) {
        var pairs = new ArrayList<String[]>(merges.size());
        for (JsonNode merge : merges) {
            if (merge.isArray() && merge.size() == 2) {
                pairs.add(new String[]{merge.get(0).asString(), merge.get(1).asString()});
            } else if (merge.isString() && merge.asString().indexOf(' ', 1) > 0) {
                String line = merge.asString();
                int space = line.indexOf(' ', 1);
                pairs.add(new String[]{line.substring(0, space), line.substring(space + 1)});
            } else {
                throw new TokenizerException(file, "model.merges entry " + merge + " is neither \"a b\" nor [a, b]");
            }
        }
        return pairs;
    }

    private UnaryOperator<String> normalizer(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return UnaryOperator.identity();
        }
        String type = node.path("type").asString("");
        return switch (type) {
            case "NFC" -> text -> Normalizer.normalize(text, Normalizer.Form.NFC);
            case "NFD" -> text -> Normalizer.normalize(text, Normalizer.Form.NFD);
            case "NFKC" -> text -> Normalizer.normalize(text, Normalizer.Form.NFKC);
            case "NFKD" -> text -> Normalizer.normalize(text, Normalizer.Form.NFKD);
            case "Lowercase" -> text -> text.toLowerCase(Locale.ROOT);
            case "Prepend" -> {
                String prepend = node.path("prepend").asString("");
                yield text -> text.isEmpty() ? text : prepend + text;
            }
            case "Replace" -> {
                Pattern pattern = pattern(node.path("pattern"), path + ".pattern");
                String content = node.path("content").asString("");
                yield text -> pattern.matcher(text).replaceAll(java.util.regex.Matcher.quoteReplacement(content));
            }
            case "Sequence" -> {
                UnaryOperator<String> all = UnaryOperator.identity();
                int i = 0;
                for (JsonNode step : node.path("normalizers")) {
                    UnaryOperator<String> before = all;
                    UnaryOperator<String> next = normalizer(step, path + ".normalizers[" + i++ + "]");
                    all = text -> next.apply(before.apply(text));
                }
                yield all;
            }
            default -> throw unsupported(path, type, "NFC, NFD, NFKC, NFKD, Lowercase, Prepend, Replace, Sequence");
        };
    }

    private PreTokenizer preTokenizer(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return PreTokenizer.NONE;
        }
        String type = node.path("type").asString("");
        return switch (type) {
            case "Split" -> {
                String behavior = node.path("behavior").asString("");
                if (!behavior.equals("Isolated") || node.path("invert").asBoolean(false)) {
                    throw new TokenizerException(file, path + ": only behavior Isolated without invert is supported, was "
                            + behavior + (node.path("invert").asBoolean(false) ? " inverted" : ""));
                }
                yield PreTokenizer.of(List.of(regex(node.path("pattern"), path + ".pattern")));
            }
            case "ByteLevel" -> {
                byteLevel = true;
                prefixSpace |= node.path("add_prefix_space").asBoolean(false);
                yield node.path("use_regex").asBoolean(true) ? PreTokenizer.of(List.of(BYTE_LEVEL_REGEX)) : PreTokenizer.NONE;
            }
            case "Digits" -> PreTokenizer.of(List.of(node.path("individual_digits").asBoolean(false) ? "\\p{N}" : "\\p{N}+"));
            case "Sequence" -> {
                PreTokenizer all = PreTokenizer.NONE;
                int i = 0;
                for (JsonNode step : node.path("pretokenizers")) {
                    all = all.then(preTokenizer(step, path + ".pretokenizers[" + i++ + "]"));
                }
                yield all;
            }
            default -> throw unsupported(path, type, "Split, ByteLevel, Digits, Sequence");
        };
    }

    private String regex(JsonNode pattern, String path) {
        if (pattern.path("Regex").isString()) {
            return pattern.path("Regex").asString();
        }
        if (pattern.path("String").isString()) {
            return Pattern.quote(pattern.path("String").asString());
        }
        throw new TokenizerException(file, path + " must be {\"Regex\": ...} or {\"String\": ...}");
    }

    private Pattern pattern(JsonNode pattern, String path) {
        return PreTokenizer.compile(regex(pattern, path));
    }

    /** Adds the ids the post-processor puts around a single text; false when it adds none by design. */
    private boolean postProcessor(JsonNode node, String path, List<Integer> prefix, List<Integer> suffix) {
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        String type = node.path("type").asString("");
        switch (type) {
            case "ByteLevel" -> {
                return false;
            }
            case "TemplateProcessing" -> {
                List<Integer> target = prefix;
                for (JsonNode piece : node.path("single")) {
                    if (piece.has("Sequence")) {
                        target = suffix;
                    } else if (piece.has("SpecialToken")) {
                        String name = piece.path("SpecialToken").path("id").asString();
                        JsonNode ids = node.path("special_tokens").path(name).path("ids");
                        if (!ids.isArray()) {
                            throw new TokenizerException(file, path + ".special_tokens['" + name + "'].ids is missing");
                        }
                        for (JsonNode id : ids) {
                            target.add(id.asInt());
                        }
                    }
                }
                return true;
            }
            case "BertProcessing", "RobertaProcessing" -> {
                prefix.add(node.path("cls").path(1).asInt());
                suffix.add(node.path("sep").path(1).asInt());
                return true;
            }
            case "Sequence" -> {
                boolean any = false;
                int i = 0;
                for (JsonNode step : node.path("processors")) {
                    any |= postProcessor(step, path + ".processors[" + i++ + "]", prefix, suffix);
                }
                return any;
            }
            default -> throw unsupported(path, type, "ByteLevel, TemplateProcessing, BertProcessing, RobertaProcessing, Sequence");
        }
    }

    private SpecialTokens specialTokens() {
        var specials = new ArrayList<SpecialTokens.Special>();
        for (JsonNode added : root.path("added_tokens")) {
            specials.add(new SpecialTokens.Special(added.path("id").asInt(), added.path("content").asString(),
                    !added.path("special").asBoolean(false), added.path("lstrip").asBoolean(false),
                    added.path("rstrip").asBoolean(false)));
        }
        return new SpecialTokens(specials);
    }

    /** A token named in tokenizer_config.json, as a string or as {"content": ...}; -1 when absent or unknown. */
    private static int tokenId(JsonNode token, Vocabulary vocabulary) {
        String text = token.isString() ? token.asString() : token.path("content").asString(null);
        return text == null ? -1 : vocabulary.id(text);
    }

    private String chatTemplate() {
        JsonNode template = config.path("chat_template");
        if (template.isString()) {
            return template.asString();
        }
        // Newer files list named templates; the default one is the chat template.
        for (JsonNode named : template) {
            if (named.path("name").asString("").equals("default")) {
                return named.path("template").asString();
            }
        }
        return null;
    }

    private TokenizerException unsupported(String path, String type, String supported) {
        return new TokenizerException(file, path + ".type '" + type + "' is not supported (supported: " + supported + ")");
    }

    private static int[] ints(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** How token strings turn back into bytes, read from the decoder chain. */
    private final class Decoding {
        private boolean byteLevelText;
        private boolean byteFallback;
        private boolean stripsLeadingSpace;
        private final List<UnaryOperator<String>> replacements = new ArrayList<>();

        Decoding(boolean byteLevelText) {
            this.byteLevelText = byteLevelText;
        }

        void read(JsonNode node, String path) {
            if (node.isMissingNode() || node.isNull()) {
                return;
            }
            String type = node.path("type").asString("");
            switch (type) {
                case "ByteLevel" -> byteLevelText = true;
                case "ByteFallback" -> byteFallback = true;
                case "Fuse" -> {
                    // Joining the tokens' strings changes nothing once each token is bytes.
                }
                case "Replace" -> {
                    Pattern pattern = pattern(node.path("pattern"), path + ".pattern");
                    String content = node.path("content").asString("");
                    replacements.add(text -> pattern.matcher(text).replaceAll(java.util.regex.Matcher.quoteReplacement(content)));
                }
                case "Strip" -> {
                    if (!node.path("content").asString("").equals(" ") || node.path("stop").asInt(0) != 0
                            || node.path("start").asInt(0) > 1) {
                        throw new TokenizerException(file, path + ": only Strip of one leading space is supported");
                    }
                    stripsLeadingSpace = node.path("start").asInt(0) == 1;
                }
                case "Sequence" -> {
                    int i = 0;
                    for (JsonNode step : node.path("decoders")) {
                        read(step, path + ".decoders[" + i++ + "]");
                    }
                }
                default -> throw unsupported(path, type, "ByteLevel, ByteFallback, Fuse, Replace, Strip, Sequence");
            }
        }

        byte[][] pieces(Vocabulary vocabulary) {
            byte[][] pieces = new byte[vocabulary.size()][];
            for (int id = 0; id < pieces.length; id++) {
                String text = vocabulary.text(id);
                pieces[id] = switch (vocabulary.type(id)) {
                    case NORMAL -> normal(text);
                    case UNUSED -> new byte[0];
                    default -> text.getBytes(StandardCharsets.UTF_8);
                };
            }
            return pieces;
        }

        private byte[] normal(String text) {
            if (byteFallback && text.length() == 6 && text.startsWith("<0x") && text.endsWith(">")) {
                return new byte[]{(byte) Integer.parseInt(text.substring(3, 5), 16)};
            }
            if (byteLevelText) {
                return ByteLevel.decode(text);
            }
            for (UnaryOperator<String> replacement : replacements) {
                text = replacement.apply(text);
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
