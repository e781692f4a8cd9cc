package org.archlab.inference.kernels.tornadovm;

import org.archlab.inference.kernels.KernelBackend;
import org.archlab.inference.kernels.KernelBackendProvider;

import java.util.List;
import java.util.Optional;

/**
 * Offers the TornadoVM backend when this JVM runs TornadoVM's runtime (started with the SDK's argfile) and the
 * runtime sees at least one device. Preferred over the JVM backend by {@code auto}.
 */
public final class TornadoBackendProvider implements KernelBackendProvider {

    private volatile Probe probe;

    /** What looking for the runtime found, once per process. */
    private record Probe(List<TornadoDevices.Entry> devices, String problem) {
    }

    @Override
    public String name() {
        return "tornadovm";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(probe().problem());
    }

    @Override
    public List<String> devices() {
        return probe().devices().stream().map(entry -> TornadoKernelBackend.label(entry.name())).toList();
    }

    @Override
    public KernelBackend create(int deviceIndex, int threads) {
        var devices = probe().devices();
        if (deviceIndex < 0 || deviceIndex >= devices.size()) {
            throw new IllegalArgumentException("TornadoVM has no device " + deviceIndex + " (it has " + devices.size() + ")");
        }
        return new TornadoKernelBackend(devices.get(deviceIndex));
    }

    private Probe probe() {
        Probe found = probe;
        if (found == null) {
            synchronized (this) {
                if (probe == null) {
                    probe = look();
                }
                found = probe;
            }
        }
        return found;
    }

    private static Probe look() {
        // The decoder's layer graph (about twenty tasks, sixty arguments) needs more room for TornadoVM's internal
        // bytecode than its 4 KiB default; read once, when the runtime starts, so set before touching it.
        System.getProperties().putIfAbsent("tornado.tvm.maxbytecodesize", "65536");
        // TornadoVM budgets device memory at 4 GB unless told otherwise, below an F32 1B model; leave the limit to
        // the device (its driver refuses what does not fit). -Dtornado.device.memory still overrides.
        System.getProperties().putIfAbsent("tornado.device.memory", "1024GB");
        // By default TornadoVM runs a task as plain Java when its kernel does not compile for the device, and the
        // run would still be labelled tornadovm/<device>: a TornadoVM number must be a device number, so a kernel
        // the device cannot run fails instead. Whoever overrides this gets runs labelled as allowing the fallback.
        System.getProperties().putIfAbsent(TornadoKernelBackend.BAILOUT_PROPERTY, "False");
        try {
            var devices = TornadoDevices.list();
            return devices.isEmpty() ? new Probe(List.of(), "TornadoVM's runtime found no device (no OpenCL/PTX driver?)")
                    : new Probe(devices, null);
        } catch (LinkageError | RuntimeException e) {
            // Absent classes (no SDK on the module path) or a runtime that fails to start (no JVMCI flags).
            return new Probe(List.of(), "TornadoVM runtime not found (run the JVM with @$TORNADOVM_HOME/tornado-argfile): "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
