package org.archlab.inference.tokenizer;

import org.archlab.architecture.json.SpecJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builds a tokenizer from a Hugging Face {@code tokenizer.json} (BPE models: byte-level like GPT-2, Llama 3
 * and Qwen, or with byte fallback) and the {@code tokenizer_config.json} beside it. Every component the
 * file names must be one this loader understands; anything else is refused with its JSON path, never
 * approximated.
 */
final class HuggingFaceTokenizerLoader {

    private final Path file;
    private final JsonNode root;
    private final JsonNode config;

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
        var pipeline = new HuggingFaceTextPipeline(file, root);
        int unknown = model.path("unk_token").isString() ? vocabulary.id(model.path("unk_token").asString()) : -1;
        var encoder = new BytePairEncoder(vocabulary, new MergeTable(vocabulary, merges(model.path("merges"))),
                pipeline.normalizer(), pipeline.preTokenizer(), pipeline.byteLevel(), model.path("ignore_merges").asBoolean(false),
                model.path("byte_fallback").asBoolean(false), unknown);
        var decoder = new HuggingFaceDecoder(file, root.path("decoder"), pipeline.byteLevel());

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
        return new VocabularyTokenizer(vocabulary, specialTokens(), encoder, decoder.pieces(vocabulary),
                decoder.stripsLeadingSpace(), specials, chatTemplate());
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
            default -> throw HuggingFaceTextPipeline.unsupported(file, path, type,
                    "ByteLevel, TemplateProcessing, BertProcessing, RobertaProcessing, Sequence");
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

    private static int[] ints(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
