package org.archlab.inference.kernels.tornadovm;

import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The devices TornadoVM's runtime offers, flattened over its backends (OpenCL, PTX, …) in the runtime's order.
 * Only this class and the kernels touch TornadoVM types, so the provider can be loaded, and report the runtime
 * missing, in a JVM that lacks it.
 */
final class TornadoDevices {

    /** A device and the name metrics give it, e.g. {@code opencl/NVIDIA H100 80GB HBM3}. */
    record Entry(TornadoDevice device, String name) {
    }

    private TornadoDevices() {
    }

    static List<Entry> list() {
        var runtime = TornadoRuntimeProvider.getTornadoRuntime();
        var entries = new ArrayList<Entry>();
        for (int b = 0; b < runtime.getNumBackends(); b++) {
            var backend = runtime.getBackend(b);
            String kind = runtime.getBackendType(b).name().toLowerCase(Locale.ROOT);
            for (int d = 0; d < backend.getNumDevices(); d++) {
                TornadoDevice device = TornadoExecutionPlan.getDevice(b, d);
                entries.add(new Entry(device, kind + "/" + device.getPhysicalDevice().getDeviceName().strip()));
            }
        }
        return entries;
    }
}
