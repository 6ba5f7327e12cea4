package org.ae4j.experiments.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
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
 */
public record Timing(double[] millis, long offheapStartMb, long offheapEndMb, long heapMb) {
    public Timing {
        if (millis.length == 0) {
            throw new IllegalArgumentException("no timed iterations");
        }
        millis = millis.clone();
    }

    /** Runs {@code iteration} as described above. */
    public static Timing measure(Runnable iteration, double warmUpSeconds, int warmUpIterations, double seconds,
                                 int minIterations) {
        long start = System.nanoTime();
        for (int i = 0; i < warmUpIterations || System.nanoTime() - start < warmUpSeconds * 1e9; i++) {
            iteration.run();
        }
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
        Runtime rt = Runtime.getRuntime();
        return new Timing(Arrays.copyOf(ms, n), offheapStart, Pointer.physicalBytes() >> 20,
                (rt.totalMemory() - rt.freeMemory()) >> 20);
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

    /** The fields every benchmark reports: count, median and p90 per iteration, memory. */
    public Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("iterations", iterations());
        out.put("ms_per_iter_median", round(median(), 3));
        out.put("ms_per_iter_p90", round(p90(), 3));
        out.put("heap_mb", heapMb);
        out.put("offheap_mb", offheapEndMb);
        out.put("offheap_growth_mb", offheapEndMb - offheapStartMb);
        return out;
    }

    static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
