package org.archlab.inference.server.models;

import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.model.Transformer;
import org.archlab.inference.tokenizer.Tokenizer;

import java.time.Duration;

/**
 * A model in memory: its transformer (weights, KV cache for {@link #context()} positions, kernel threads)
 * and its tokenizer. Generations decode together in batches, each sequence with a memory of its own; a
 * bounded number of them hold a seat at a time, others wait a bounded time, each client in its turn
 * ({@link ClientTurns}). The catalog counts its leases and unloads it only when none is held.
 */
public final class LoadedModel implements AutoCloseable {

    private final ModelSource source;
    private final Transformer transformer;
    private final ModelTokenizer tokenizer;
    private final KernelBackend kernels;
    private final AutoCloseable weights;
    private final long weightBytes;
    private final long streamableWeightBytes;
    private final ClientTurns turns = new ClientTurns();

    // Guarded by the catalog.
    int leases;
    long lastUsedNanos;

    LoadedModel(ModelSource source, Transformer transformer, ModelTokenizer tokenizer, KernelBackend kernels,
                AutoCloseable weights, long weightBytes, long streamableWeightBytes) {
        this.source = source;
        this.transformer = transformer;
        this.tokenizer = tokenizer;
        this.kernels = kernels;
        this.weights = weights;
        this.weightBytes = weightBytes;
        this.streamableWeightBytes = streamableWeightBytes;
    }

    public ModelSource source() {
        return source;
    }

    public String id() {
        return source.id();
    }

    public Transformer transformer() {
        return transformer;
    }

    public Tokenizer tokenizer() {
        return tokenizer.tokenizer();
    }

    /** Where the tokenizer came from, and why a fallback stands in when it does. */
    public ModelTokenizer tokenizerOrigin() {
        return tokenizer;
    }

    public KernelBackend kernels() {
        return kernels;
    }

    /** Positions the KV cache holds: prompt and generated tokens together may not exceed it. */
    public int context() {
        return transformer.contextLength();
    }

    public long weightBytes() {
        return weightBytes;
    }

    /**
     * The part of {@link #weightBytes()} that could be streamed instead of kept resident (Gemma 3n's per-layer
     * token table), as loaded; 0 for a model without one. This engine still holds it in memory.
     */
    public long streamableWeightBytes() {
        return streamableWeightBytes;
    }

    public long kvCacheBytes() {
        return transformer.kvCacheBytes();
    }

    public long memoryBytes() {
        return weightBytes + kvCacheBytes();
    }

    /**
     * Waits up to {@code wait} for a seat in this model's decode batch of {@code seats}, on behalf of {@code client},
     * which may have {@code mostWaiting} requests waiting.
     */
    public ClientTurns.Outcome takeTurn(String client, Duration wait, int mostWaiting, int seats) throws InterruptedException {
        return turns.take(client, wait, mostWaiting, seats);
    }

    public void endTurn() {
        turns.release();
    }

    /** Generations holding a seat in this model's batch: running now. */
    public int generating() {
        return turns.held();
    }

    /** Generations waiting for their turn. */
    public int waiting() {
        return turns.waiting();
    }

    @Override
    public void close() {
        try {
            weights.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot unload " + id(), e);
        } finally {
            kernels.close();
        }
    }
}
