package org.ae4j.experiments.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wall times of one benchmark's iterations in steady state: iterations run untimed until both a warm-up
 * time and a warm-up count have passed (native library loading, the first compiled step, first touch of memory) and
 * the JIT compilers are quiet, then each iteration is timed on its own until the measuring time has passed.
 *
 * @param millis      each timed iteration, in order
 * @param warmUpSeconds how long iterations ran untimed first
 * @param before      memory and heap traffic when timing began
 * @param after       the same when it ended: off-heap memory is flat when the two are close
 * @param roundTripNs a cache line's round trip between two threads just before and just after timing
 *                    ({@link CoreDistance}; -1 where not measured): a far pair of cores slows two-thread steps
 */
public record Timing(double[] millis, double warmUpSeconds, JvmCounters before, JvmCounters after,
                     long[] roundTripNs) {
    /** A second of warm-up in which the JIT compilers worked at most 20 ms (2% of a core) counts as quiet. */
    private static final long QUIET_WINDOW_NANOS = 1_000_000_000L;
    private static final long QUIET_COMPILING_MILLIS = 20;

    public Timing {
        if (millis.length == 0) {
            throw new IllegalArgumentException("no timed iterations");
        }
        if (roundTripNs.length != 2) {
            throw new IllegalArgumentException("need the round trip before and after timing, got "
                    + roundTripNs.length + " values");
        }
        millis = millis.clone();
        roundTripNs = roundTripNs.clone();
    }

    /**
     * Runs {@code iteration} as described above. After the warm-up time and count, warm-up goes on until the JIT
     * compilers are quiet, at most until {@code maxWarmUpSeconds}: compiling takes a core from the benchmark's
     * threads, and an 8 s VAE benchmark that started timing 2 s after its first step still saw about 1,200 methods
     * compiled while timed.
     */
    public static Timing measure(Runnable iteration, double warmUpSeconds, int warmUpIterations,
                                 double maxWarmUpSeconds, double seconds, int minIterations) {
        long start = System.nanoTime();
        for (int i = 0; i < warmUpIterations || System.nanoTime() - start < warmUpSeconds * 1e9; i++) {
            iteration.run();
        }
        long windowStart = System.nanoTime();
        long compiledBefore = JvmCounters.jitMillisSoFar();
        while (compiledBefore >= 0 && System.nanoTime() - start < maxWarmUpSeconds * 1e9) {
            iteration.run();
            long now = System.nanoTime();
            if (now - windowStart >= QUIET_WINDOW_NANOS) {
                long compiled = JvmCounters.jitMillisSoFar();
                if (compiled - compiledBefore <= QUIET_COMPILING_MILLIS) {
                    break;
                }
                windowStart = now;
                compiledBefore = compiled;
            }
        }
        double warmedUp = (System.nanoTime() - start) / 1e9;
        long roundTripBefore = CoreDistance.roundTripNanos();
        JvmCounters before = JvmCounters.now();
        double[] ms = new double[16];
        int n = 0;
        long timingStart = System.nanoTime();
        while (n < minIterations || System.nanoTime() - timingStart < seconds * 1e9) {
            long t = System.nanoTime();
            iteration.run();
            if (n == ms.length) {
                ms = Arrays.copyOf(ms, 2 * n);
            }
            ms[n++] = (System.nanoTime() - t) / 1e6;
        }
        JvmCounters after = JvmCounters.now();
        return new Timing(Arrays.copyOf(ms, n), warmedUp, before, after,
                new long[] {roundTripBefore, CoreDistance.roundTripNanos()});
    }

    public int iterations() {
        return millis.length;
    }

    public double totalSeconds() {
        return Arrays.stream(millis).sum() / 1000;
    }

    public double median() {
        return quantile(0.5);
    }

    public double p90() {
        return quantile(0.9);
    }

    /** The q-quantile of the iteration times (nearest rank). */
    public double quantile(double q) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * The fields every benchmark reports: count, median and p90 per iteration; memory at the end and its change while
     * timed; Java heap allocated per iteration (-1 where the JVM cannot say) and the collections it caused; the cores'
     * distance.
     */
    public Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("iterations", iterations());
        out.put("ms_per_iter_median", round(median(), 3));
        out.put("ms_per_iter_p90", round(p90(), 3));
        out.put("heap_mb", mb(after.heapUsedBytes()));
        out.put("offheap_mb", mb(after.offheapBytes()));
        out.put("offheap_growth_mb", mb(after.offheapBytes() - before.offheapBytes()));
        out.put("heap_pretouched", JvmCounters.heapPretouched());
        out.put("rss_mb", mb(after.residentBytes()));
        long allocated = after.allocatedSince(before);
        out.put("heap_alloc_kb_per_iter", allocated < 0 ? -1 : round(allocated / 1024.0 / iterations(), 1));
        out.put("gc_count", after.collections() - before.collections());
        out.put("gc_ms", after.collectionMillis() - before.collectionMillis());
        out.put("jit_ms", before.compilingMillis() < 0 ? -1 : after.compilingMillis() - before.compilingMillis());
        out.put("warm_up_s", round(warmUpSeconds, 1));
        out.put("core_round_trip_ns", List.of(roundTripNs[0], roundTripNs[1]));
        return out;
    }

    private static long mb(long bytes) {
        return Math.round(bytes / 1048576.0);
    }

    static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
