package org.archlab.inference.kernels.tornadovm;

import org.archlab.inference.model.DenseDecoderLayout;

/**
 * Where each layer's keys and values lie in the resident decoder's two layer-stacked cache arrays. A full-attention
 * layer holds every position of the context; a sliding-window layer is a ring buffer of its window (position p in
 * slot p mod window), as the engine's own {@code ContextMemory} keeps it, so the device holds exactly the bytes the
 * registry's KV analysis predicts. Within a layer the cache is head-major: kv head h's slots are contiguous.
 */
final class DeviceKvLayout {

    private final int[] capacities;
    private final int[] keyBases;
    private final int[] valueBases;
    private final int keyFloats;
    private final int valueFloats;

    /** @throws IllegalArgumentException when either stacked array passes 2^31 floats (device arrays are int-indexed) */
    DeviceKvLayout(DenseDecoderLayout layout) {
        int layers = layout.layers().size();
        capacities = new int[layers];
        keyBases = new int[layers];
        valueBases = new int[layers];
        long keys = 0;
        long values = 0;
        for (int l = 0; l < layers; l++) {
            int window = layout.layers().get(l).window();
            capacities[l] = window > 0 ? Math.min(layout.maxTokens(), window) : layout.maxTokens();
            keyBases[l] = (int) keys;
            valueBases[l] = (int) values;
            keys += (long) layout.kvHeads() * capacities[l] * layout.headDim();
            values += (long) layout.kvHeads() * capacities[l] * layout.valueDim();
            if (Math.max(keys, values) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a KV cache of " + layers + " layers × up to " + layout.maxTokens()
                        + " positions passes 2^31 floats");
            }
        }
        keyFloats = (int) keys;
        valueFloats = (int) values;
    }

    /** Slots per kv head of layer l: the context length, or the window of a sliding layer. */
    int capacity(int layer) {
        return capacities[layer];
    }

    /** Where layer l's keys start in the stacked key array. */
    int keyBase(int layer) {
        return keyBases[layer];
    }

    /** Where layer l's values start in the stacked value array. */
    int valueBase(int layer) {
        return valueBases[layer];
    }

    int keyFloats() {
        return keyFloats;
    }

    int valueFloats() {
        return valueFloats;
    }

    /** The device's KV cache in bytes: keys and values of every layer, F32. */
    long bytes() {
        return 4L * keyFloats + 4L * valueFloats;
    }
}
