package org.ae4j.experiments.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;

/**
 * Wall times of one benchmark's iterations in steady state: iterations run untimed until both a warm-up
 * time and a warm-up count have passed (native library loading, JIT, the first compiled step, first touch
 * of memory), then each iteration is timed on its own until the measuring time has passed.
 *
 * @param millis         each timed iteration, in order
 * @param offheapStartMb JavaCPP's physical bytes (the process's resident memory) when timing began
 * @param offheapEndMb   the same when it ended: off-heap memory is flat when the two are close
 * @param heapMb         Java heap in use at the end
 * @param roundTripNs    a cache line's round trip between two threads just before and just after timing
 *                       ({@link CoreDistance}; -1 where not measured): a far pair of cores slows two-thread steps
 */
public record Timing(double[] millis, long offheapStartMb, long offheapEndMb, long heapMb, long[] roundTripNs) {
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

    /** Runs {@code iteration} as described above. */
    public static Timing measure(Runnable iteration, double warmUpSeconds, int warmUpIterations, double seconds,
                                 int minIterations) {
        long start = System.nanoTime();
        for (int i = 0; i < warmUpIterations || System.nanoTime() - start < warmUpSeconds * 1e9; i++) {
            iteration.run();
        }
        long roundTripBefore = CoreDistance.roundTripNanos();
        long offheapStart = Pointer.physicalBytes() >> 20;
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
        long offheapEnd = Pointer.physicalBytes() >> 20;
        Runtime rt = Runtime.getRuntime();
        return new Timing(Arrays.copyOf(ms, n), offheapStart, offheapEnd, (rt.totalMemory() - rt.freeMemory()) >> 20,
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

    /** The fields every benchmark reports: count, median and p90 per iteration, memory, the cores' distance. */
    public Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("iterations", iterations());
        out.put("ms_per_iter_median", round(median(), 3));
        out.put("ms_per_iter_p90", round(p90(), 3));
        out.put("heap_mb", heapMb);
        out.put("offheap_mb", offheapEndMb);
        out.put("offheap_growth_mb", offheapEndMb - offheapStartMb);
        out.put("core_round_trip_ns", List.of(roundTripNs[0], roundTripNs[1]));
        return out;
    }

    static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
