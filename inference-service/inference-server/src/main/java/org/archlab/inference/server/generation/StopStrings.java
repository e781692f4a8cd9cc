package org.archlab.inference.server.generation;

import java.util.List;

/**
 * The strings that end a generation. Text is released only when no stop string can still begin in it, so
 * a streamed response never shows the start of a stop string that the next token completes.
 */
final class StopStrings {

    private final List<String> stops;
    private final int longest;

    StopStrings(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
        this.longest = this.stops.stream().mapToInt(String::length).max().orElse(0);
    }

    /** Where the first stop string starts in {@code text}, looking only at what may contain new text after {@code from}; −1 if none. */
    int find(String text, int from) {
        int start = Math.max(0, from - longest + 1);
        int found = -1;
        for (String stop : stops) {
            int at = text.indexOf(stop, start);
            if (at >= 0 && (found < 0 || at < found)) {
                found = at;
            }
        }
        return found;
    }

    boolean isEmpty() {
        return stops.isEmpty();
    }

    /** How many characters at the end of {@code text} could be the beginning of a stop string. */
    int undecided(String text) {
        int keep = 0;
        for (String stop : stops) {
            for (int n = Math.min(stop.length() - 1, text.length()); n > keep; n--) {
                if (text.endsWith(stop.substring(0, n))) {
                    keep = n;
                    break;
                }
            }
        }
        return keep;
    }
}
