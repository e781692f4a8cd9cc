package org.archlab.inference.measurement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory from /proc/self/status: now (VmRSS) and its peak (VmHWM). Linux resets the peak
 * when {@code 5} is written to /proc/self/clear_refs, so a measurement can report its own peak rather than the
 * process's lifetime one. Every figure is 0 where there is no /proc.
 */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ProcessMemory() {
    }

    /** VmRSS in bytes. */
    public static long residentBytes() {
        return statusBytes("VmRSS:");
    }

    /** VmHWM in bytes: the most resident memory since the process started or {@link #resetPeak()}. */
    public static long peakResidentBytes() {
        return statusBytes("VmHWM:");
    }

    /** Starts a new peak; false where the kernel does not allow it (the peak then covers the process's life). */
    public static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static long statusBytes(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
