package org.archlab.inference.model;

/** A model whose weights and caches would not fit the memory it may use; says how much it would need. */
public final class ModelTooLargeException extends RuntimeException {

    private final long estimatedBytes;
    private final long availableBytes;

    public ModelTooLargeException(String model, long estimatedBytes, long availableBytes) {
        super(String.format("%s needs an estimated %.2f GiB (weights and caches) but only %.2f GiB may be used; "
                        + "run a scaled variant (fewer layers or experts, same widths) or a smaller dtype",
                model, estimatedBytes / 1073741824.0, availableBytes / 1073741824.0));
        this.estimatedBytes = estimatedBytes;
        this.availableBytes = availableBytes;
    }

    public long estimatedBytes() {
        return estimatedBytes;
    }

    public long availableBytes() {
        return availableBytes;
    }
}
