package org.archlab.inference.measurement;

import java.util.Arrays;

/**
 * When a prompt's tokens came: the prefill start, the first token, then every later decode step, read from one clock.
 * Every rate and latency the engine reports comes from here: time to first token, prefill tokens/s (prompt tokens
 * over that time), decode tokens/s (tokens after the first over the time since the decode started, summed over the
 * sequences of a batch, which each get one token per step) and the gaps between steps (the inter-token latency every
 * sequence of the batch sees). Decode starts at the first token unless {@link #decodeStarts()} moves it past untimed
 * work such as filling a cache. Not thread-safe: one timeline per sequence or batch.
 */
public final class TokenTimeline {

    private final NanoClock clock;
    private final int promptTokens;
    private final int sequences;
    private long prefillStart;
    private long firstToken;
    private long decodeStart;
    private long previous;
    private long[] gaps = new long[16];
    private int steps;
    private boolean started;
    private boolean decoding;

    /**
     * @param promptTokens prompt tokens prefilled before the first token, over all sequences
     * @param sequences    sequences decoding together: tokens per decode step
     */
    public TokenTimeline(NanoClock clock, int promptTokens, int sequences) {
        if (promptTokens < 0 || sequences < 1) {
            throw new IllegalArgumentException("promptTokens must be at least 0 and sequences at least 1");
        }
        this.clock = clock;
        this.promptTokens = promptTokens;
        this.sequences = sequences;
    }

    public void prefillStarts() {
        prefillStart = clock.nanoTime();
        started = true;
    }

    /** The first token was chosen; returns the time to first token in nanoseconds. */
    public long firstToken() {
        if (!started || decoding) {
            throw new IllegalStateException("the first token comes once, after the prefill started");
        }
        firstToken = clock.nanoTime();
        decodeStart = firstToken;
        previous = firstToken;
        decoding = true;
        return firstToken - prefillStart;
    }

    /** Decode starts now: work since the first token (a synthetic cache fill) stays out of the decode figures. */
    public void decodeStarts() {
        requireDecoding();
        if (steps > 0) {
            throw new IllegalStateException("decode already started");
        }
        decodeStart = clock.nanoTime();
        previous = decodeStart;
    }

    /** A decode step gave each sequence its next token; returns the gap since the step before (or the decode start). */
    public long token() {
        requireDecoding();
        long now = clock.nanoTime();
        if (steps == gaps.length) {
            gaps = Arrays.copyOf(gaps, steps * 2);
        }
        long gap = now - previous;
        gaps[steps++] = gap;
        previous = now;
        return gap;
    }

    public long timeToFirstTokenNanos() {
        requireDecoding();
        return firstToken - prefillStart;
    }

    public double prefillTokensPerSecond() {
        return promptTokens / (timeToFirstTokenNanos() / 1e9);
    }

    /** Tokens after the first, over all sequences; 0 before the second token. */
    public int decodedTokens() {
        return steps * sequences;
    }

    /** Decoded tokens over the time they took; 0 before the second token. */
    public double decodeTokensPerSecond() {
        return steps == 0 ? 0 : decodedTokens() / ((previous - decodeStart) / 1e9);
    }

    /** Nearest-rank percentile of the gaps between decode steps, in nanoseconds; 0 before the second token. */
    public long interTokenNanos(double p) {
        return Percentiles.nearestRank(Arrays.copyOf(gaps, steps), p);
    }

    public MeasuredRepeat figures() {
        return new MeasuredRepeat(promptTokens, decodedTokens(), timeToFirstTokenNanos() / 1e6, prefillTokensPerSecond(),
                decodeTokensPerSecond(), interTokenNanos(0.50) / 1e6, interTokenNanos(0.99) / 1e6);
    }

    private void requireDecoding() {
        if (!decoding) {
            throw new IllegalStateException("no first token yet");
        }
    }
}
