package org.archlab.inference.server.models;

import java.time.Instant;

/**
 * A model as {@code /api/v1/models} shows it: a registered checkpoint (loaded or not) or a loaded
 * random-weight build of a registry architecture.
 *
 * @param name         what requests put in {@code model}
 * @param weights      {@code checkpoint} or {@code random}
 * @param format       {@code GGUF} or {@code SAFETENSORS} for a checkpoint; null for random weights
 * @param path         the checkpoint's real path, shown to admins only; null for random weights
 * @param architecture the spec's family
 * @param revision     the registry revision; null for a checkpoint
 * @param dtype        the weights' matrix format
 * @param loaded       whether it is in memory now
 * @param memory       weights and KV cache at the context it is (or would be) loaded with
 * @param tokenizer    where its tokenizer comes from ({@code gguf}, {@code huggingface}, {@code bytes}); null until loaded
 * @param state        {@code available}, or {@code unavailable} for a registered checkpoint whose file cannot be read now
 * @param error        why it is unavailable; null when it is available
 */
public record ModelView(String name, String weights, CheckpointFormat format, String path, String architecture, Integer revision,
                        String dtype, boolean loaded, MemoryEstimate memory, String tokenizer, Instant registeredAt,
                        String state, String error) {

    static final String AVAILABLE = "available";
    static final String UNAVAILABLE = "unavailable";

    /** The view for callers who may not learn the server's file system: no path, and no reason that could name one. */
    ModelView withoutPath() {
        return new ModelView(name, weights, format, null, architecture, revision, dtype, loaded, memory, tokenizer, registeredAt,
                state, error == null ? null : "its checkpoint file cannot be read now (an admin sees why)");
    }

    static ModelView of(Checkpoint checkpoint, LoadedModel model, MemoryEstimate estimate) {
        return new ModelView(checkpoint.name(), "checkpoint", checkpoint.format(), checkpoint.path().toString(),
                checkpoint.spec().family(), null, checkpoint.dtype(), model != null, estimate,
                model == null ? null : model.tokenizerOrigin().kind(), checkpoint.registeredAt(), AVAILABLE, null);
    }

    static ModelView of(LoadedModel model) {
        ModelSource source = model.source();
        return new ModelView(source.id(), source.weights(), null, null, source.spec().family(), source.revision(), source.dtype(),
                true, new MemoryEstimate(model.weightBytes(), model.streamableWeightBytes(), model.kvCacheBytes(),
                model.context()),
                model.tokenizerOrigin().kind(), null, AVAILABLE, null);
    }

    /** A registered checkpoint whose header could not be read: what its registration says, and why. */
    static ModelView of(ModelCatalog.Unreadable unreadable) {
        var registration = unreadable.registration();
        return new ModelView(registration.name(), "checkpoint", null, registration.path(), null, null, null, false, null, null,
                registration.registeredAt(), UNAVAILABLE, unreadable.reason());
    }
}
