package org.archlab.inference.server.generation;

import org.archlab.inference.model.StepRow;
import org.archlab.inference.model.Transformer;

import java.util.ArrayList;
import java.util.List;

/**
 * The generations of one model decoding together (continuous batching). One thread runs steps while there are any:
 * each step has one row per decoding sequence and a chunk of each newcomer's prompt, so the weights are read once per
 * step for all of them; sequences join between steps as they arrive and leave as they finish or their client goes.
 * When the batch is empty its thread ends and the batch retires; the next arrival makes a new one, so a model never
 * has two threads stepping its transformer, and an unloaded model's batch is not kept.
 */
final class ModelBatch {

    /** Prompt rows a newcomer adds to one step at most: enough for a fast prefill, few enough to keep others decoding. */
    private static final int PROMPT_CHUNK = 32;

    private final Transformer transformer;
    private final String name;
    private final List<Generation> arriving = new ArrayList<>();
    private final List<Generation> running = new ArrayList<>();
    private final Runnable retire;
    private boolean active;
    private boolean retired;

    /** @param retire called (under this batch's lock) when it has emptied: forget it, a new one will take its place */
    ModelBatch(Transformer transformer, String name, Runnable retire) {
        this.transformer = transformer;
        this.name = name;
        this.retire = retire;
    }

    /** Adds a generation; it joins the batch before the next step. False when this batch has retired: use a new one. */
    synchronized boolean join(Generation generation) {
        if (retired) {
            return false;
        }
        arriving.add(generation);
        if (!active) {
            active = true;
            Thread.ofPlatform().name("decode-" + name).daemon(true).start(this::run);
        }
        return true;
    }

    private void run() {
        try {
            steps();
        } catch (Throwable e) {
            // Nothing may be left waiting on a batch whose thread has gone.
            synchronized (this) {
                running.addAll(arriving);
                arriving.clear();
                running.forEach(g -> g.fail(e));
                running.clear();
                active = false;
                retired = true;
                retire.run();
            }
        }
    }

    private void steps() {
        List<StepRow> rows = new ArrayList<>();
        int[] rowCounts = new int[0];
        while (true) {
            synchronized (this) {
                running.addAll(arriving);
                arriving.clear();
                running.removeIf(Generation::over);
                if (running.isEmpty()) {
                    active = false;
                    retired = true;
                    retire.run();
                    return;
                }
            }
            rows.clear();
            if (rowCounts.length < running.size()) {
                rowCounts = new int[running.size()];
            }
            int chunk = Math.max(PROMPT_CHUNK, Transformer.maxStepRows() - running.size());
            for (int i = 0; i < running.size(); i++) {
                int before = rows.size();
                try {
                    rowCounts[i] = running.get(i).addRows(rows, chunk);
                } catch (RuntimeException e) {
                    rows.subList(before, rows.size()).clear();
                    rowCounts[i] = 0;
                    running.get(i).fail(e);
                }
            }
            float[][] logits;
            try {
                logits = transformer.step(rows);
            } catch (RuntimeException | Error e) {
                running.forEach(g -> g.fail(e));
                continue;
            }
            int from = 0;
            for (int i = 0; i < running.size(); i++) {
                if (rowCounts[i] > 0) {
                    running.get(i).accept(logits, from, rowCounts[i]);
                    from += rowCounts[i];
                }
            }
        }
    }

    /** Generations in the batch or about to join it. */
    synchronized int size() {
        return running.size() + arriving.size();
    }
}
