package org.archlab.inference.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The word-splitting rules llama.cpp applies to a byte-level BPE vocabulary, chosen by the GGUF key
 * {@code tokenizer.ggml.pre} (facts taken from llama.cpp's {@code llama-vocab.cpp}). Where llama.cpp had
 * to rewrite a Hugging Face pattern for C++ {@code std::regex} (case-insensitive groups spelled out), the
 * Java pattern is the equivalent original.
 */
enum GgufPreTokenizer {

    DEFAULT(List.of("[\\p{P}\\$\\+<=>\\^~\\|]+", Regexes.GPT2, "\\p{N}+", "[0-9][0-9][0-9]"), false, false,
            "default"),
    GPT2(List.of(Regexes.GPT2), false, false,
            "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0", "mellum",
            "modern-bert", "jina-v1-en", "jina-v2-code", "roberta-bpe", "mpt", "olmo", "jais", "trillion",
            "granite-docling", "exaone4"),
    LLAMA3(List.of(Regexes.LLAMA3), true, true,
            "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "jina-v5-nano"),
    LLAMA3_MERGING(List.of(Regexes.LLAMA3), false, false,
            "dbrx", "smaug-bpe", "glm4", "chatglm-bpe"),
    DEEPSEEK_LLM(List.of("[\\r\\n]", "\\s?" + Regexes.DEEPSEEK_CASED_LETTERS + "+",
            "\\s?[!-/:-~\\uFF01-\\uFF0F\\uFF1A-\\uFF5E\\u2018-\\u201F\\u3000-\\u3002]+", "\\s+$",
            "[\\u4E00-\\u9FA5\\u0800-\\u4E00\\uAC00-\\uD7FF]+", "\\p{N}+"), false, false,
            "deepseek-llm"),
    DEEPSEEK_CODER(List.of("[\\r\\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", "[\\u4E00-\\u9FA5\\u0800-\\u4E00\\uAC00-\\uD7FF]+",
            "\\p{N}"), false, false,
            "deepseek-coder"),
    DEEPSEEK_V3(List.of("\\p{N}{1,3}", "[\\u4E00-\\u9FA5\\u3040-\\u309F\\u30A0-\\u30FF]+",
            "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\\r\\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+"
                    + "| ?[\\p{P}\\p{S}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"), false, false,
            "deepseek-v3", "hunyuan-dense", "joyai-llm", "hy_v4"),
    FALCON(List.of("[\\p{P}\\$\\+<=>\\^~\\|`]+", Regexes.GPT2, "[0-9][0-9][0-9]"), false, false,
            "falcon"),
    STARCODER(List.of("\\p{N}", Regexes.GPT2), false, false,
            "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b", "mellum2"),
    QWEN2(List.of("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"), false, false,
            "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "stablelm2", "hunyuan", "solar-open", "megrez", "grok-2"),
    QWEN35(List.of("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?[\\p{L}\\p{M}]+|\\p{N}| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"), false, false,
            "qwen35"),
    SEED_CODER(List.of("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1}| ?[^\\s\\p{L}\\p{N}\\r\\n]+"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"), false, false,
            "seed-coder"),
    BLOOM(List.of(" ?[^(\\s|.,!?\\u2026\\u3002\\uFF0C\\u3001\\u0964\\u06D4\\u060C)]+"), false, false,
            "poro-chat", "bloom", "gpt3-finnish"),
    TEKKEN(List.of("[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
            + "|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"), true, true,
            "tekken"),
    GPT4O(List.of(Regexes.GPT4O), false, false,
            "gpt-4o", "llama4", "kanana2", "talkie", "minimax-m2");

    private static final Map<String, GgufPreTokenizer> BY_NAME = new TreeMap<>();

    static {
        for (GgufPreTokenizer pre : values()) {
            for (String name : pre.names) {
                BY_NAME.put(name, pre);
            }
        }
    }

    private final List<String> regexes;
    private final boolean ignoresMerges;
    private final boolean addsBos;
    private final List<String> names;

    GgufPreTokenizer(List<String> regexes, boolean ignoresMerges, boolean addsBos, String... names) {
        this.regexes = regexes;
        this.ignoresMerges = ignoresMerges;
        this.addsBos = addsBos;
        this.names = Arrays.asList(names);
    }

    static Optional<GgufPreTokenizer> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    static String supportedNames() {
        return String.join(", ", BY_NAME.keySet());
    }

    PreTokenizer preTokenizer() {
        return PreTokenizer.of(regexes);
    }

    /** A word that is a token as a whole is that token, whatever the merges would make of it. */
    boolean ignoresMerges() {
        return ignoresMerges;
    }

    /** llama.cpp's default for adding BOS when the file does not say ({@code tokenizer.ggml.add_bos_token}). */
    boolean addsBos() {
        return addsBos;
    }

    private static final class Regexes {
        static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
        static final String LLAMA3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
                + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
        static final String GPT4O = "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
                + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+"
                + "[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*"
                + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
        /** DeepSeek's cased letters (Latin, Greek, Cyrillic, Armenian, Georgian, Cherokee, ...), as a class. */
        static final String DEEPSEEK_CASED_LETTERS = "[A-Za-z\\u00B5\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u01BA"
                + "\\u01BC-\\u01BF\\u01C4-\\u0293\\u0295-\\u02AF\\u0370-\\u0373\\u0376\\u0377\\u037B-\\u037D\\u037F\\u0386"
                + "\\u0388-\\u038A\\u038C\\u038E-\\u03A1\\u03A3-\\u03F5\\u03F7-\\u0481\\u048A-\\u052F\\u0531-\\u0556"
                + "\\u10A0-\\u10C5\\u13A0-\\u13F5\\u13F8-\\u13FD\\u1C90-\\u1CBA\\u1CBD-\\u1CBF\\u1D00-\\u1D2B\\u1D6B-\\u1D77"
                + "\\u1D79-\\u1D9A\\u1E00-\\u1F15\\u1F18-\\u1F1D\\u1F20-\\u1F45\\u1F48-\\u1F4D\\u1F50-\\u1F57\\u1F59\\u1F5B"
                + "\\u1F5D\\u1F5F-\\u1F7D\\u1F80-\\u1FB4\\u1FB6-\\u1FBC\\u1FBE\\u1FC2-\\u1FC4\\u1FC6-\\u1FCC\\u1FD0-\\u1FD3"
                + "\\u1FD6-\\u1FDB\\u1FE0-\\u1FEC\\u1FF2-\\u1FF4\\u1FF6-\\u1FFC\\u2102\\u2107\\u210A-\\u2113\\u2115"
                + "\\u2119-\\u211D\\u2124\\u2126\\u2128\\u212A-\\u212D\\u212F-\\u2134\\u2139\\u213C-\\u213F\\u2145-\\u2149"
                + "\\u214E\\u2183\\u2184\\u2C00-\\u2C7B\\u2C7E-\\u2CE4\\u2CEB-\\u2CEE\\u2CF2\\u2CF3\\uA640-\\uA66D"
                + "\\uA680-\\uA69B\\uA722-\\uA76F\\uA771-\\uA787\\uA78B-\\uA78E\\uAB70-\\uABBF\\uFB00-\\uFB06\\uFB13-\\uFB17"
                + "\\uFF21-\\uFF3A\\uFF41-\\uFF5A\\x{10400}-\\x{1044F}\\x{104B0}-\\x{104D3}\\x{104D8}-\\x{104FB}"
                + "\\x{10C80}-\\x{10CB2}\\x{10CC0}-\\x{10CF2}\\x{118A0}-\\x{118DF}\\x{1E900}-\\x{1E943}]";

        private Regexes() {
        }
    }
}
