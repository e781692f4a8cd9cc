package org.archlab.inference.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into words before byte-pair merging, with a sequence of regular expressions: each one
 * splits every piece the previous one left, and keeps both its matches and the text between them as
 * pieces (Hugging Face's "Isolated" split, llama.cpp's {@code unicode_regex_split}).
 *
 * <p>Patterns are compiled with {@link Pattern#UNICODE_CHARACTER_CLASS}, so {@code \s} is Unicode
 * White_Space like in the Rust and Python originals, and {@code $} is replaced by {@code \z}
 * because these patterns mean the end of the piece, never a line end.
 */
final class PreTokenizer {

    static final PreTokenizer NONE = new PreTokenizer(List.of());

    private final List<Pattern> patterns;

    private PreTokenizer(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    /**
     * @throws java.util.regex.PatternSyntaxException when a pattern is not a valid Java regex
     */
    static PreTokenizer of(List<String> regexes) {
        return new PreTokenizer(regexes.stream().map(PreTokenizer::compile).toList());
    }

    static Pattern compile(String regex) {
        String java = regex.replace("\\p{Han}", "\\p{IsHan}");
        if (java.endsWith("$") && !java.endsWith("\\$")) {
            java = java.substring(0, java.length() - 1) + "\\z";
        }
        return Pattern.compile(java, Pattern.UNICODE_CHARACTER_CLASS);
    }

    PreTokenizer then(PreTokenizer next) {
        var all = new ArrayList<>(patterns);
        all.addAll(next.patterns);
        return new PreTokenizer(List.copyOf(all));
    }

    List<String> split(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        // Piece boundaries as offsets into text; each pattern refines them.
        int[] bounds = {0, text.length()};
        int count = 2;
        for (Pattern pattern : patterns) {
            int[] next = new int[Math.max(16, count * 2)];
            int n = 0;
            next[n++] = 0;
            Matcher matcher = pattern.matcher(text);
            for (int p = 0; p + 1 < count; p++) {
                int start = bounds[p];
                int end = bounds[p + 1];
                matcher.region(start, end);
                while (matcher.find()) {
                    if (matcher.start() == matcher.end()) {
                        continue;
                    }
                    if (n + 2 >= next.length) {
                        next = java.util.Arrays.copyOf(next, next.length * 2);
                    }
                    if (matcher.start() > next[n - 1]) {
                        next[n++] = matcher.start();
                    }
                    next[n++] = matcher.end();
                }
                if (end > next[n - 1]) {
                    if (n + 1 >= next.length) {
                        next = java.util.Arrays.copyOf(next, next.length * 2);
                    }
                    next[n++] = end;
                }
            }
            bounds = next;
            count = n;
        }
        var words = new ArrayList<String>(count - 1);
        for (int i = 0; i + 1 < count; i++) {
            words.add(text.substring(bounds[i], bounds[i + 1]));
        }
        return words;
    }
}
