package org.archlab.inference.checkpoint;

/** How a checkpoint's weights reach memory. */
public enum LoadMode {
    /** Memory-mapped: pages come from the file on first touch and may be evicted. */
    MAPPED,
    /**
     * Copied once into off-heap memory. On some virtual machines reading through a mapping is several
     * times slower than reading ordinary memory, so this is the default for inference.
     */
    MEMORY
}
