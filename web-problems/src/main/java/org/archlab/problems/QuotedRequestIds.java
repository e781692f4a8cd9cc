package org.archlab.problems;

import org.slf4j.MDC;

import java.util.regex.Pattern;

/** The id a problem body quotes: the gateway's {@code X-Request-Id}, else the trace id of the request's log lines. */
public final class QuotedRequestIds {

    public static final String HEADER = "X-Request-Id";

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private QuotedRequestIds() {
    }

    /** The request id to quote, given the request's header (may be null); null when there is none. */
    public static String quoted(String header) {
        if (header != null && WELL_FORMED.matcher(header).matches()) {
            return header;
        }
        return MDC.get("traceId");
    }
}
