package org.archlab.inference.kernels;

import java.util.Locale;

/**
 * What a user asked for: {@code auto} (the best available backend), a backend by name ({@code jvm},
 * {@code tornadovm}), or a backend and one of its devices ({@code tornadovm:1}).
 *
 * @param backend     the backend's name, or null for auto
 * @param deviceIndex the device, or -1 for the backend's default (its first device)
 */
public record BackendSelection(String backend, int deviceIndex) {

    public static final BackendSelection AUTO = new BackendSelection(null, -1);

    /**
     * @throws IllegalArgumentException naming the text when it is neither {@code auto}, a name nor {@code name:index}
     */
    public static BackendSelection parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.equals("auto")) {
            return AUTO;
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            return new BackendSelection(checkedName(value, text), -1);
        }
        String name = checkedName(value.substring(0, colon), text);
        try {
            int index = Integer.parseInt(value.substring(colon + 1));
            if (index < 0) {
                throw new NumberFormatException();
            }
            return new BackendSelection(name, index);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("backend '" + text + "': the device after ':' must be an index (0, 1, …)");
        }
    }

    private static String checkedName(String name, String text) {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("backend '" + text + "' is not auto, a backend name (jvm, tornadovm) or name:device");
        }
        return name;
    }

    public boolean isAuto() {
        return backend == null;
    }

    @Override
    public String toString() {
        return isAuto() ? "auto" : deviceIndex < 0 ? backend : backend + ":" + deviceIndex;
    }
}
