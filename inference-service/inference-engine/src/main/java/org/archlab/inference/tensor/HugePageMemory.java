package org.archlab.inference.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Off-heap memory for weights, optionally backed by transparent huge pages where Linux offers them.
 * Decode streams every weight once per token: with 4 KiB pages a 1B model costs hundreds of thousands
 * of TLB misses per token, with 2 MiB pages a few hundred. On the project's VMs they did not pay off
 * (docs/benchmarks.md: Q8_0 decode 19.4 tok/s without, 16.5–19.3 with), presumably because the host
 * backs guest memory with small pages; so they are opt-in: {@code -Darchlab.huge-pages=true}.
 *
 * <p>The memory comes straight from {@code mmap} because the advice must precede the first touch
 * (an arena's allocation zeroes, and so touches, its memory); it is unmapped when the arena closes.
 * Where the calls are missing (not Linux) or fail, it is an ordinary arena allocation.
 */
public final class HugePageMemory {

    private static final long HUGE_PAGE = 2L << 20;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int MADV_HUGEPAGE = 14;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MMAP = function("mmap", FunctionDescriptor.of(ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_LONG));
    private static final MethodHandle MUNMAP = function("munmap", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle MADVISE = function("madvise", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("archlab.huge-pages", "false"));

    private HugePageMemory() {
    }

    /** {@code bytes} of zeroed memory owned by {@code arena}; on huge pages, if enabled, when it spans one and the OS agrees. */
    public static MemorySegment allocate(Arena arena, long bytes) {
        return allocate(arena, bytes, ENABLED);
    }

    static MemorySegment allocate(Arena arena, long bytes, boolean hugePages) {
        if (!hugePages || bytes < HUGE_PAGE || MMAP == null || MUNMAP == null || MADVISE == null) {
            return arena.allocate(bytes, 64);
        }
        long mapped = bytes + HUGE_PAGE;
        MemorySegment region;
        try {
            region = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, mapped, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
        } catch (Throwable e) {
            return arena.allocate(bytes, 64);
        }
        if (region.address() == -1L) {
            return arena.allocate(bytes, 64);
        }
        long start = (region.address() + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
        MemorySegment aligned = MemorySegment.ofAddress(start);
        try {
            int ignoredStatus = (int) MADVISE.invokeExact(aligned, bytes / HUGE_PAGE * HUGE_PAGE, MADV_HUGEPAGE);
        } catch (Throwable e) {
            // advice only: ordinary pages work too
        }
        return aligned.reinterpret(bytes, arena, ignored -> unmap(region, mapped));
    }

    private static void unmap(MemorySegment region, long bytes) {
        try {
            int ignoredStatus = (int) MUNMAP.invokeExact(region, bytes);
        } catch (Throwable e) {
            throw new IllegalStateException("munmap failed", e);
        }
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        try {
            SymbolLookup libc = LINKER.defaultLookup();
            return libc.find(name).map(address -> LINKER.downcallHandle(address, descriptor)).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
