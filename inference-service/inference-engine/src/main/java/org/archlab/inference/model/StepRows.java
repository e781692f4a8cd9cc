package org.archlab.inference.model;

import org.archlab.inference.cache.ContextMemory;

import java.util.List;

/**
 * The rows of one batch as the layers see them: per row its token, position and sequence memory, and the rows
 * grouped into segments (runs of consecutive rows of the same sequence). Layers that need a sequence's history
 * (attention, the DeltaNet recurrence, KV staging) work per segment; the matmuls work on all rows at once.
 */
final class StepRows {

    final int[] tokens;
    final int[] positions;
    final ContextMemory[] memories;
    /** Segment of each row. */
    final int[] segmentOfRow;
    final int[] segmentStart;
    final int[] segmentLength;
    int count;
    int segments;

    StepRows(int maxRows) {
        tokens = new int[maxRows];
        positions = new int[maxRows];
        memories = new ContextMemory[maxRows];
        segmentOfRow = new int[maxRows];
        segmentStart = new int[maxRows];
        segmentLength = new int[maxRows];
    }

    /**
     * Loads {@code count} rows from {@code from}. Rows of one sequence must be consecutive, at consecutive
     * positions, and a sequence may appear in one run only: its later rows attend to its earlier ones.
     */
    void load(List<StepRow> rows, int from, int count) {
        this.count = count;
        this.segments = 0;
        for (int t = 0; t < count; t++) {
            StepRow row = rows.get(from + t);
            tokens[t] = row.token();
            positions[t] = row.position();
            memories[t] = row.memory();
            boolean continues = t > 0 && memories[t - 1] == row.memory();
            if (continues) {
                if (row.position() != positions[t - 1] + 1) {
                    throw new IllegalArgumentException("rows " + (from + t - 1) + " and " + (from + t)
                            + " of one sequence are at positions " + positions[t - 1] + " and " + row.position()
                            + "; a sequence's rows must be consecutive positions");
                }
                segmentLength[segments - 1]++;
            } else {
                for (int s = 0; s < segments; s++) {
                    if (memories[segmentStart[s]] == row.memory()) {
                        throw new IllegalArgumentException("row " + (from + t) + " belongs to a sequence whose rows"
                                + " came earlier in the step; a sequence's rows must be consecutive");
                    }
                }
                segmentStart[segments] = t;
                segmentLength[segments] = 1;
                segments++;
            }
            segmentOfRow[t] = segments - 1;
        }
    }

    /** Loads one sequence's tokens from {@code from} ({@code count} of them) at positions from {@code firstPosition}. */
    void loadSequence(ContextMemory memory, int[] sequence, int from, int count, int firstPosition) {
        this.count = count;
        this.segments = 1;
        segmentStart[0] = 0;
        segmentLength[0] = count;
        for (int t = 0; t < count; t++) {
            tokens[t] = sequence[from + t];
            positions[t] = firstPosition + t;
            memories[t] = memory;
            segmentOfRow[t] = 0;
        }
    }

    ContextMemory segmentMemory(int segment) {
        return memories[segmentStart[segment]];
    }

    int segmentFirstPosition(int segment) {
        return positions[segmentStart[segment]];
    }
}
