package org.archlab.architecture.spec;

import java.util.ArrayList;
import java.util.List;

/** Converts between per-layer lists and the schedule's repeating patterns. */
public final class Patterns {

    private Patterns() {
    }

    /** The shortest pattern p with perLayer[i] == p[i mod |p|] for every layer. */
    public static <T> List<T> shortest(List<T> perLayer) {
        for (int period = 1; period < perLayer.size(); period++) {
            boolean repeats = true;
            for (int i = period; i < perLayer.size() && repeats; i++) {
                repeats = perLayer.get(i).equals(perLayer.get(i % period));
            }
            if (repeats) {
                return List.copyOf(perLayer.subList(0, period));
            }
        }
        return List.copyOf(perLayer);
    }

    /** {@code first} repeated {@code count − 1} times, then {@code last}: "every count-th layer is last". */
    public static <T> List<T> everyNth(T first, T last, int count) {
        var pattern = new ArrayList<T>();
        for (int i = 1; i < count; i++) {
            pattern.add(first);
        }
        pattern.add(last);
        return List.copyOf(pattern);
    }

    /** The pattern expanded to one entry per layer. */
    public static <T> List<T> perLayer(List<T> pattern, int layers) {
        var result = new ArrayList<T>(layers);
        for (int i = 0; i < layers; i++) {
            result.add(pattern.get(i % pattern.size()));
        }
        return result;
    }
}
