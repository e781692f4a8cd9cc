package org.archlab.inference.tokenizer;

import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * How a tokenizer.json turns tokens back into text (its {@code decoder} chain), computed once per token
 * as bytes: byte-level tokens decode to raw bytes, {@code <0xNN>} tokens under byte fallback to one
 * byte, others through their replacements (e.g. {@code ▁} to a space).
 */
final class HuggingFaceDecoder {

    private final Path file;
    private boolean byteLevel;
    private boolean byteFallback;
    private boolean stripsLeadingSpace;
    private final List<UnaryOperator<String>> replacements = new ArrayList<>();

    /**
     * @param byteLevel the pre-tokenizer writes words in the byte-level alphabet, so tokens decode from it
     */
    HuggingFaceDecoder(Path file, JsonNode decoder, boolean byteLevel) {
        this.file = file;
        this.byteLevel = byteLevel;
        read(decoder, "decoder");
    }

    /** Decoding drops one leading space (a {@code Strip} of the space the normalizer prepends). */
    boolean stripsLeadingSpace() {
        return stripsLeadingSpace;
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

    private void read(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        String type = node.path("type").asString("");
        switch (type) {
            case "ByteLevel" -> byteLevel = true;
            case "ByteFallback" -> byteFallback = true;
            case "Fuse" -> {
                // Joining the tokens' strings changes nothing once each token is bytes.
            }
            case "Replace" -> replacements.add(HuggingFaceTextPipeline.replacement(file, node, path));
            case "Strip" -> {
                if (!node.path("content").asString("").equals(" ") || node.path("stop").asInt(0) != 0
                        || node.path("start").asInt(0) > 1) {
                    throw new TokenizerException(file, path + ": only a Strip of one leading space is supported");
                }
                stripsLeadingSpace = node.path("start").asInt(0) == 1;
            }
            case "Sequence" -> {
                int i = 0;
                for (JsonNode step : node.path("decoders")) {
                    read(step, path + ".decoders[" + i++ + "]");
                }
            }
            default -> throw HuggingFaceTextPipeline.unsupported(file, path, type,
                    "ByteLevel, ByteFallback, Fuse, Replace, Strip, Sequence");
        }
    }

    private byte[] normal(String text) {
        if (byteFallback && text.length() == 6 && text.startsWith("<0x") && text.endsWith(">")) {
            return new byte[]{(byte) Integer.parseInt(text.substring(3, 5), 16)};
        }
        if (byteLevel) {
            return ByteLevel.decode(text);
        }
        for (UnaryOperator<String> replacement : replacements) {
            text = replacement.apply(text);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
