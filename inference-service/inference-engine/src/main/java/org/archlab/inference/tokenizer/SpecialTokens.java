package org.archlab.inference.tokenizer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Takes special tokens out of text before the model's tokenization sees it. Longer tokens are taken out
 * first, each from every piece of text still left, as llama.cpp does. Control tokens are matched only
 * when asked for (parsing special tokens); user-defined tokens always.
 */
final class SpecialTokens {

    /**
     * @param always matched even when special tokens are not parsed (user-defined / non-special added tokens)
     * @param lstrip whitespace before the token is dropped
     * @param rstrip whitespace after the token is dropped
     */
    record Special(int id, String text, boolean always, boolean lstrip, boolean rstrip) {
    }

    /** A piece of input: plain text, or a special token. */
    sealed interface Fragment {
    }

    record Text(String text) implements Fragment {
    }

    record Token(int id) implements Fragment {
    }

    static final SpecialTokens NONE = new SpecialTokens(List.of());

    private final List<Special> specials;

    SpecialTokens(List<Special> specials) {
        this.specials = specials.stream().filter(s -> !s.text().isEmpty())
                .sorted(Comparator.comparingInt((Special s) -> s.text().length()).reversed()).toList();
    }

    List<Fragment> split(String input, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (input.isEmpty()) {
            return fragments;
        }
        fragments.add(new Text(input));
        // Most special tokens cannot occur at all: skip those whose first character is absent.
        var present = new BitSet(128);
        input.chars().forEach(present::set);
        for (Special special : specials) {
            if ((special.always() || parseSpecial) && present.get(special.text().charAt(0))) {
                fragments = splitOn(fragments, special);
            }
        }
        return fragments;
    }

    private static List<Fragment> splitOn(List<Fragment> fragments, Special special) {
        List<Fragment> out = new ArrayList<>(fragments.size() + 2);
        String token = special.text();
        for (Fragment fragment : fragments) {
            if (!(fragment instanceof Text(String text))) {
                out.add(fragment);
                continue;
            }
            int from = 0;
            int at;
            while ((at = text.indexOf(token, from)) >= 0) {
                int leftEnd = at;
                if (special.lstrip()) {
                    while (leftEnd > from && Character.isWhitespace(text.charAt(leftEnd - 1))) {
                        leftEnd--;
                    }
                }
                if (leftEnd > from) {
                    out.add(new Text(text.substring(from, leftEnd)));
                }
                out.add(new Token(special.id()));
                from = at + token.length();
                if (special.rstrip()) {
                    while (from < text.length() && Character.isWhitespace(text.charAt(from))) {
                        from++;
                    }
                }
            }
            if (from < text.length()) {
                out.add(new Text(text.substring(from)));
            }
        }
        return out;
    }
}
