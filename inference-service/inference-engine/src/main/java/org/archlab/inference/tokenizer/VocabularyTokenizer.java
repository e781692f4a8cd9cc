package org.archlab.inference.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * The tokenizer every vocabulary shares: special tokens taken out first, the model's encoder for the
 * text between them, BOS/EOS around, and decoding from per-token bytes computed once at load.
 */
final class VocabularyTokenizer implements Tokenizer {

    /**
     * What is added around a text when asked to add special tokens, and which tokens end generation.
     *
     * @param bos -1 if none
     * @param eos -1 if none
     */
    record Specials(int bos, int eos, int[] prefix, int[] suffix, BitSet endOfGeneration) {
    }

    private final Vocabulary vocabulary;
    private final SpecialTokens specialTokens;
    private final TextEncoder encoder;
    private final byte[][] pieces;
    private final boolean stripsLeadingSpace;
    private final Specials specials;
    private final String chatTemplate;
    private final Map<String, Integer> specialTokensByText;

    /**
     * @param pieces             the bytes of each token (control tokens: their written form)
     * @param stripsLeadingSpace decoding drops one leading space of the first token (the space the encoder adds)
     */
    VocabularyTokenizer(Vocabulary vocabulary, SpecialTokens specialTokens, TextEncoder encoder, byte[][] pieces,
                        boolean stripsLeadingSpace, Specials specials, String chatTemplate) {
        this.vocabulary = vocabulary;
        this.specialTokens = specialTokens;
        this.encoder = encoder;
        this.pieces = pieces;
        this.stripsLeadingSpace = stripsLeadingSpace;
        this.specials = specials;
        this.chatTemplate = chatTemplate;
        var byText = new LinkedHashMap<String, Integer>();
        for (int id = 0; id < vocabulary.size(); id++) {
            if (vocabulary.type(id).isSpecial()) {
                byText.put(vocabulary.text(id), id);
            }
        }
        this.specialTokensByText = Collections.unmodifiableMap(byText);
    }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        IntStream.Builder ids = IntStream.builder();
        if (addSpecial) {
            IntStream.of(specials.prefix()).forEach(ids);
        }
        boolean startsSegment = true;
        for (SpecialTokens.Fragment fragment : specialTokens.split(text, parseSpecial)) {
            switch (fragment) {
                case SpecialTokens.Token(int id) -> {
                    ids.add(id);
                    startsSegment = true;
                }
                case SpecialTokens.Text(String plain) -> {
                    encoder.encode(plain, startsSegment, ids);
                    startsSegment = false;
                }
            }
        }
        if (addSpecial) {
            IntStream.of(specials.suffix()).forEach(ids);
        }
        return ids.build().toArray();
    }

    @Override
    public String decode(int[] ids) {
        var text = new ByteArrayOutputStream();
        for (int i = 0; i < ids.length; i++) {
            int id = checked(ids[i]);
            if (isControl(id)) {
                continue;
            }
            byte[] piece = pieces[id];
            int skip = i == 0 && stripsLeadingSpace && piece.length > 0 && piece[0] == ' ' ? 1 : 0;
            text.write(piece, skip, piece.length - skip);
        }
        return text.toString(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] tokenBytes(int id) {
        return pieces[checked(id)].clone();
    }

    @Override
    public String tokenText(int id) {
        return vocabulary.text(checked(id));
    }

    @Override
    public boolean isControl(int id) {
        return vocabulary.type(checked(id)).isControl();
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    @Override
    public OptionalInt bos() {
        return specials.bos() >= 0 ? OptionalInt.of(specials.bos()) : OptionalInt.empty();
    }

    @Override
    public OptionalInt eos() {
        return specials.eos() >= 0 ? OptionalInt.of(specials.eos()) : OptionalInt.empty();
    }

    @Override
    public boolean isEndOfGeneration(int id) {
        return id >= 0 && specials.endOfGeneration().get(id);
    }

    @Override
    public boolean addsBos() {
        return specials.bos() >= 0 && specials.prefix().length > 0 && specials.prefix()[0] == specials.bos();
    }

    @Override
    public Map<String, Integer> specialTokens() {
        return specialTokensByText;
    }

    @Override
    public Optional<String> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    private int checked(int id) {
        if (id < 0 || id >= vocabulary.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (0.." + (vocabulary.size() - 1) + ")");
        }
        return id;
    }
}
