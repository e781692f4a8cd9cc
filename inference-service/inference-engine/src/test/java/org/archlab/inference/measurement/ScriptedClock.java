package org.archlab.inference.measurement;

/**
 * A clock for tests: each reading is the previous one plus the next of {@code stepsNanos} (the last one again once they
 * run out), so every figure a timeline derives from it is known exactly and does not depend on how fast the machine runs.
 */
public final class ScriptedClock implements NanoClock {

    private final long[] stepsNanos;
    private long now;
    private int readings;

    public ScriptedClock(long... stepsNanos) {
        if (stepsNanos.length == 0) {
            throw new IllegalArgumentException("a scripted clock needs at least one step");
        }
        this.stepsNanos = stepsNanos.clone();
    }

    /** Every reading one millisecond after the one before. */
    public static ScriptedClock millisecondPerReading() {
        return new ScriptedClock(1_000_000);
    }

    @Override
    public long nanoTime() {
        now += stepsNanos[Math.min(readings++, stepsNanos.length - 1)];
        return now;
    }

    /** How often the clock was read. */
    public int readings() {
        return readings;
    }
}
