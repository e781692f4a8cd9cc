package org.archlab.inference.kernels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Chooses the kernel backend once per process from the providers on the class path. {@code auto} takes the
 * available provider with the highest priority and records why the others were passed over, so a service
 * that falls back to the JVM says so instead of silently running slower; a named backend that cannot run is
 * an error, never a fallback.
 */
public final class KernelBackends {

    /** Backends that ship as optional modules, and how to get them when a build lacks one. */
    private static final Map<String, String> OPTIONAL = Map.of("tornadovm",
            "not in this build (built when TORNADOVM_HOME points at a TornadoVM SDK; docs/tornadovm.md)");

    private final KernelBackendProvider provider;
    private final int deviceIndex;
    private final List<String> passedOver;

    private KernelBackends(KernelBackendProvider provider, int deviceIndex, List<String> passedOver) {
        this.provider = provider;
        this.deviceIndex = deviceIndex;
        this.passedOver = List.copyOf(passedOver);
    }

    /** Selects among the providers {@link ServiceLoader} finds. */
    public static KernelBackends select(BackendSelection selection) {
        List<KernelBackendProvider> providers = new ArrayList<>();
        ServiceLoader.load(KernelBackendProvider.class, KernelBackends.class.getClassLoader()).forEach(providers::add);
        return select(selection, providers);
    }

    /**
     * @throws IllegalStateException when the named backend is unknown or cannot run here, or its device index
     *                               is past its devices
     */
    static KernelBackends select(BackendSelection selection, List<KernelBackendProvider> providers) {
        if (selection.isAuto()) {
            List<String> passedOver = new ArrayList<>();
            KernelBackendProvider best = null;
            for (KernelBackendProvider p : providers.stream()
                    .sorted(Comparator.comparingInt(KernelBackendProvider::priority).reversed()).toList()) {
                var reason = p.unavailableReason();
                if (reason.isPresent()) {
                    passedOver.add(p.name() + ": " + reason.get());
                } else if (best == null) {
                    best = p;
                }
            }
            OPTIONAL.forEach((name, absent) -> {
                if (providers.stream().noneMatch(p -> p.name().equals(name))) {
                    passedOver.add(name + ": " + absent);
                }
            });
            if (best == null) {
                throw new IllegalStateException("no kernel backend can run here: " + String.join("; ", passedOver));
            }
            return new KernelBackends(best, 0, passedOver);
        }
        KernelBackendProvider named = providers.stream().filter(p -> p.name().equals(selection.backend())).findFirst()
                .orElseThrow(() -> new IllegalStateException("backend '" + selection.backend() + "' is "
                        + OPTIONAL.getOrDefault(selection.backend(), "not installed") + "; known: "
                        + providers.stream().map(KernelBackendProvider::name).sorted().collect(Collectors.joining(", "))));
        named.unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException("backend '" + selection.backend() + "' cannot run here: " + reason);
        });
        int index = Math.max(0, selection.deviceIndex());
        List<String> devices = named.devices();
        if (index >= devices.size()) {
            throw new IllegalStateException("backend '" + selection.backend() + "' has no device " + index + "; its devices: "
                    + describe(devices));
        }
        return new KernelBackends(named, index, List.of());
    }

    private static String describe(List<String> devices) {
        var text = new StringBuilder();
        for (int i = 0; i < devices.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(i).append(" = ").append(devices.get(i));
        }
        return text.toString();
    }

    /** A new backend of the chosen kind, for one model. */
    public KernelBackend create(int threads) {
        return provider.create(deviceIndex, threads);
    }

    /** The chosen backend's name. */
    public String backend() {
        return provider.name();
    }

    /** The chosen device, as the backend names it. */
    public String device() {
        return provider.devices().get(deviceIndex);
    }

    /** Backends {@code auto} passed over and why, e.g. {@code tornadovm: TornadoVM runtime not found}. */
    public List<String> passedOver() {
        return passedOver;
    }

    /** One line for logs: what runs, on what, and what was passed over. */
    public String summary() {
        return "kernel backend " + backend() + " on " + device()
                + (passedOver.isEmpty() ? "" : " (passed over: " + String.join("; ", passedOver) + ")");
    }
}
