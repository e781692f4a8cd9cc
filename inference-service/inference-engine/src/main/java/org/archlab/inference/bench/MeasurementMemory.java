package org.archlab.inference.bench;

import org.archlab.inference.model.ModelTooLargeException;

/**
 * The memory check of a bench that builds its models with a one-position cache and lets {@code InferenceMeasurement}
 * allocate a cache per context: the check {@code RandomModel.create} makes for such a model counts the weights alone,
 * so the bench checks the weights and the caches of its longest context itself, before anything is allocated.
 */
final class MeasurementMemory {

    private MeasurementMemory() {
    }

    /**
     * @param what  the models, as the refusal names them
     * @param bytes what they take with the measurement's caches at the longest context
     * @throws ModelTooLargeException when that is more than {@code limit}
     */
    static void require(String what, long bytes, long limit) {
        if (bytes > limit) {
            throw new ModelTooLargeException(what, bytes, limit);
        }
    }
}
