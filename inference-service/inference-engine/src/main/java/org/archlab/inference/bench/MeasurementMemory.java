package org.archlab.inference.bench;

import org.archlab.inference.model.ModelTooLargeException;

import java.lang.management.ManagementFactory;

/**
 * The memory check of a bench that builds its models with a one-position cache and lets {@code InferenceMeasurement}
 * allocate a cache per context: the check {@code RandomModel.create} makes for such a model counts the weights alone,
 * so the bench checks the weights and the caches of its longest context itself, before anything is allocated.
 */
final class MeasurementMemory {

    private MeasurementMemory() {
    }

    /**
     * Physical memory not yet in use by this process, leaving a quarter for the rest of the machine: the same allowance
     * {@code RandomModel.create} gives a model.
     */
    static long available() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getTotalMemorySize() / 4 * 3 - Runtime.getRuntime().totalMemory();
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
