package org.archlab.testsupport;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Heap bytes allocated while some work runs, garbage included, as HotSpot counts them per thread: how a test
 * asserts that parsing a hostile input costs what arrived, not what it declared, without depending on when
 * the collector runs.
 */
public final class ThreadAllocation {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Work that may throw, as the code under test does. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private ThreadAllocation() {
    }

    /** Bytes the calling thread allocated while running {@code work}. */
    public static long during(Work work) {
        long thread = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        run(work);
        return THREADS.getThreadAllocatedBytes(thread) - before;
    }

    /**
     * Bytes the threads of this JVM allocated while {@code work} ran, for work done on other threads (a server's
     * request threads): those alive at the end, counted from the start or from when they began.
     */
    public static long ofAllThreadsDuring(Work work) {
        Map<Long, Long> before = allThreads();
        run(work);
        return allThreads().entrySet().stream().mapToLong(t -> t.getValue() - before.getOrDefault(t.getKey(), 0L)).sum();
    }

    private static Map<Long, Long> allThreads() {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        var byThread = new HashMap<Long, Long>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                byThread.put(ids[i], bytes[i]);
            }
        }
        return byThread;
    }

    private static void run(Work work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
