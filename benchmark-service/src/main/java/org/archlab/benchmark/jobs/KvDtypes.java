package org.archlab.benchmark.jobs;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The formats a run may keep its KV caches in (docs/engine.md, "KV cache format"): F32, the engine's default and the
 * format of every result stored before a run could choose, or the half-width F16 and BF16. A job and a dashboard query
 * may name one in any case ({@code f16}); it is stored and compared upper-case, as inference-service reports it.
 */
public final class KvDtypes {

    /** Every format, the engine's default first. */
    public static final List<String> ALL = List.of("F32", "F16", "BF16");

    /** The format of a result that does not say, and the dashboard's unless a query names another. */
    public static final String DEFAULT = "F32";

    private KvDtypes() {
    }

    /** The canonical name of a format given in any case; empty for anything that is not one. */
    public static Optional<String> named(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        return ALL.contains(upper) ? Optional.of(upper) : Optional.empty();
    }

    /** The message of a field that names no format. */
    public static String mustBeOneOf(String given) {
        return "must be one of " + ALL + " (any case), was '" + given + "'";
    }
}
