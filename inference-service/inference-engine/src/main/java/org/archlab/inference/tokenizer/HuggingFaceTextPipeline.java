package org.archlab.inference.tokenizer;

import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a tokenizer.json turns text into words: its {@code normalizer} and {@code pre_tokenizer} sections.
 * Only components with a faithful Java equivalent are accepted; any other is refused with its JSON path.
 */
final class HuggingFaceTextPipeline {

    /** The split a byte-level pre-tokenizer does on its own when {@code use_regex} is set (GPT-2's pattern). */
    private static final String BYTE_LEVEL_REGEX =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private final Path file;
    private final UnaryOperator<String> normalizer;
    private final PreTokenizer preTokenizer;
    private boolean byteLevel;
    private boolean prefixSpace;

    HuggingFaceTextPipeline(Path file, JsonNode root) {
        this.file = file;
        this.normalizer = normalizer(root.path("normalizer"), "normalizer");
        this.preTokenizer = preTokenizer(root.path("pre_tokenizer"), "pre_tokenizer");
    }

    /** The normalizer, and the space a byte-level pre-tokenizer with {@code add_prefix_space} puts in front. */
    UnaryOperator<String> normalizer() {
        if (!prefixSpace) {
            return normalizer;
        }
        UnaryOperator<String> inner = normalizer;
        return text -> {
            String normalized = inner.apply(text);
            return normalized.startsWith(" ") ? normalized : " " + normalized;
        };
    }

    PreTokenizer preTokenizer() {
        return preTokenizer;
    }

    /** Words are written in GPT-2's byte-level alphabet before merging. */
    boolean byteLevel() {
        return byteLevel;
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
            case "Replace" -> replacement(file, node, path);
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
            default -> throw unsupported(file, path, type, "NFC, NFD, NFKC, NFKD, Lowercase, Prepend, Replace, Sequence");
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
                boolean invert = node.path("invert").asBoolean(false);
                if (!behavior.equals("Isolated") || invert) {
                    throw new TokenizerException(file, path + ": only behavior Isolated without invert is supported, was "
                            + behavior + (invert ? " inverted" : ""));
                }
                yield compiled(List.of(regex(file, node.path("pattern"), path + ".pattern")), path + ".pattern");
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
            default -> throw unsupported(file, path, type, "Split, ByteLevel, Digits, Sequence");
        };
    }

    private PreTokenizer compiled(List<String> regexes, String path) {
        try {
            return PreTokenizer.of(regexes);
        } catch (PatternSyntaxException e) {
            throw new TokenizerException(file, path + " is not a regex Java can run: " + e.getDescription(), e);
        }
    }

    /** A {@code Replace} normalizer or decoder: pattern and content. */
    static UnaryOperator<String> replacement(Path file, JsonNode node, String path) {
        Pattern pattern = PreTokenizer.compile(regex(file, node.path("pattern"), path + ".pattern"));
        String content = Matcher.quoteReplacement(node.path("content").asString(""));
        return text -> pattern.matcher(text).replaceAll(content);
    }

    private static String regex(Path file, JsonNode pattern, String path) {
        if (pattern.path("Regex").isString()) {
            return pattern.path("Regex").asString();
        }
        if (pattern.path("String").isString()) {
            return Pattern.quote(pattern.path("String").asString());
        }
        throw new TokenizerException(file, path + " must be {\"Regex\": ...} or {\"String\": ...}");
    }

    static TokenizerException unsupported(Path file, String path, String type, String supported) {
        return new TokenizerException(file, path + ".type '" + type + "' is not supported (supported: " + supported + ")");
    }
}
