package org.ae4j.experiments.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;

/**
 * The process's memory and the Java heap's traffic at one moment; a benchmark takes one before and one after timing.
 * Off-heap memory is the resident memory outside the Java heap's committed size (ND4J's buffers, native libraries, the
 * JVM's own). Resident memory alone counts the heap: the VAE's resident memory grew 8 MB in one run and 257 MB in the
 * next, where the heap's committed size grew 340 MB. Committed pages not yet touched are not resident, so the
 * difference is exact only when the JVM touches them as it commits them ({@link #heapPretouched}); without that it
 * read −173 MB in a run whose heap had just grown, and −3 to +2 MB with it.
 *
 * @param residentBytes     the process's resident memory (JavaCPP's physical bytes)
 * @param heapCommittedBytes the Java heap's committed size; pages committed but not yet touched make off-heap read low
 * @param heapUsedBytes     the Java heap in use
 * @param allocatedBytes    bytes each live thread has allocated on the Java heap so far, by thread id; empty where the
 *                          JVM cannot say
 * @param collections       garbage collections so far, all collectors
 * @param collectionMillis  their accumulated time
 * @param compilingMillis   time the JIT compilers have spent so far (summed over their threads), -1 where unknown:
 *                          they take cores from the benchmark's threads
 */
record JvmCounters(long residentBytes, long heapCommittedBytes, long heapUsedBytes, Map<Long, Long> allocatedBytes,
                   long collections, long collectionMillis, long compilingMillis) {
    JvmCounters {
        allocatedBytes = Map.copyOf(allocatedBytes);
    }

    static JvmCounters now() {
        Runtime rt = Runtime.getRuntime();
        long collections = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new JvmCounters(Pointer.physicalBytes(), rt.totalMemory(), rt.totalMemory() - rt.freeMemory(),
                allocatedByThread(), collections, millis, jitMillisSoFar());
    }

    /** The JIT compilers' total time so far in milliseconds, or -1 where the JVM does not say. */
    static long jitMillisSoFar() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /**
     * Whether the JVM touches the heap's pages as it commits them ({@code -XX:+AlwaysPreTouch}, as {@code scripts/ae4j
     * bench} runs): only then is {@link #offheapBytes} exact.
     */
    static boolean heapPretouched() {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("AlwaysPreTouch").getValue());
        } catch (IllegalArgumentException | NullPointerException notHotSpot) {
            return false;
        }
    }

    /** Resident memory outside the Java heap's committed size. */
    long offheapBytes() {
        return residentBytes - heapCommittedBytes;
    }

    /**
     * Bytes allocated on the Java heap between {@code before} and this snapshot by the threads alive at this one
     * (a thread started in between counts from zero), or -1 where the JVM cannot say.
     */
    long allocatedSince(JvmCounters before) {
        if (allocatedBytes.isEmpty() || before.allocatedBytes.isEmpty()) {
            return -1;
        }
        long sum = 0;
        for (Map.Entry<Long, Long> e : allocatedBytes.entrySet()) {
            sum += e.getValue() - before.allocatedBytes.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    private static Map<Long, Long> allocatedByThread() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!(threads instanceof com.sun.management.ThreadMXBean hotspot) || !hotspot.isThreadAllocatedMemorySupported()
                || !hotspot.isThreadAllocatedMemoryEnabled()) {
            return Map.of();
        }
        long[] ids = hotspot.getAllThreadIds();
        long[] bytes = hotspot.getThreadAllocatedBytes(ids);
        Map<Long, Long> out = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) { // -1 for a thread that ended in between
                out.put(ids[i], bytes[i]);
            }
        }
        return out;
    }
}
