package org.ae4j.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.runs.Json;
import org.ae4j.experiments.cli.Ae4j;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark harness: hand-checked statistics, and each workload's JSON line on a short run. */
class BenchTest {

    private static final long MB = 1 << 20;

    @Test
    void quantilesAreNearestRank() {
        Timing t = new Timing(new double[] {5, 1, 3, 2, 4, 6, 7, 8, 9, 100}, 2, counters(0, 0, Map.of(), 0, 0),
                counters(0, 0, Map.of(), 0, 0), new long[] {66, 315});
        assertEquals(5.0, t.median());   // rank ceil(0.5 · 10) = 5
        assertEquals(9.0, t.p90());      // rank 9: the one slow outlier does not count
        assertEquals(1.0, t.quantile(0));
        assertEquals(100.0, t.quantile(1));
        assertEquals(0.145, t.totalSeconds(), 1e-12);
        assertEquals(List.of(66L, 315L), t.fields().get("core_round_trip_ns"));
    }

    @Test
    void offHeapGrowthLeavesOutTheJavaHeapsGrowth() {
        // resident 800 -> 1073 MB while the heap's committed size went 460 -> 800 MB: off-heap fell by 67 MB
        Timing t = new Timing(new double[] {1, 1}, 2, counters(800, 460, Map.of(1L, 1000L, 2L, 50L), 3, 40),
                counters(1073, 800, Map.of(1L, 3048L, 3L, 1024L), 5, 52), new long[] {-1, -1});
        Map<String, Object> f = t.fields();
        assertEquals(273L, f.get("offheap_mb"));
        assertEquals(-67L, f.get("offheap_growth_mb"));
        assertEquals(1073L, f.get("rss_mb"));
        assertEquals(1.5, f.get("heap_alloc_kb_per_iter")); // (2048 + 1024 new thread's) bytes / 2 iterations
        assertEquals(2L, f.get("gc_count"));
        assertEquals(12L, f.get("gc_ms"));
        assertEquals(0L, f.get("jit_ms"));
        assertEquals(2.0, f.get("warm_up_s"));
        Timing unknown = new Timing(new double[] {1}, 2, counters(0, 0, Map.of(), 0, 0),
                counters(0, 0, Map.of(), 0, 0), new long[] {-1, -1});
        assertEquals(-1.0, unknown.fields().get("heap_alloc_kb_per_iter"));
    }

    private static JvmCounters counters(long residentMb, long committedMb, Map<Long, Long> allocated, long gcs,
                                        long gcMillis) {
        return new JvmCounters(residentMb * MB, committedMb * MB, 1, allocated, gcs, gcMillis, 7);
    }

    @Test
    void warmUpIterationsAreRunButNotTimed() {
        AtomicInteger calls = new AtomicInteger();
        Timing t = Timing.measure(calls::incrementAndGet, 0, 7, 0, 1e-9, 4);
        assertEquals(4, t.iterations());
        assertEquals(11, calls.get());
        JvmCounters c = JvmCounters.now();
        assertThrows(IllegalArgumentException.class, () -> new Timing(new double[0], 0, c, c, new long[] {-1, -1}));
        assertThrows(IllegalArgumentException.class, () -> new Timing(new double[] {1}, 0, c, c, new long[1]));
    }

    @Test
    void aThreadsHeapAllocationsAreCounted() {
        JvmCounters before = JvmCounters.now();
        long[][] garbage = new long[64][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new long[16 * 1024]; // 128 KB each, 8 MB in all
        }
        JvmCounters after = JvmCounters.now();
        assumeTrue(after.allocatedSince(before) >= 0, "this JVM does not count allocations per thread");
        assertTrue(after.allocatedSince(before) >= 8 * MB, after.allocatedSince(before) + " bytes, " + garbage.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vae-mnist", "deep-ae-mnist", "vgae-cora", "pca-mnist", "conv-vae-mnist"})
    void eachWorkloadEndsWithOneJsonLineOfFiniteNumbers(String workload) throws Exception {
        DataDir data = DataDir.resolve();
        assumeTrue(data.find("mnist/train-images-idx3-ubyte.gz").isPresent()
                && data.find("cora/cora.content.gz").isPresent(), "shared datasets not available");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ae4j.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "bench", workload, "--seconds", "0.05", "--threads", "1", "--batch", "32");
        assertEquals(0, code, err.toString());
        List<String> lines = out.toString().lines().toList();
        JsonNode r = Json.MAPPER.readTree(lines.get(lines.size() - 1));
        assertEquals(workload, r.get("workload").asText());
        String rate = workload.equals("pca-mnist") ? "seconds"
                : workload.equals("vgae-cora") ? "seconds_per_epoch" : "samples_per_s";
        for (String field : List.of(rate, "ms_per_iter_median", "ms_per_iter_p90", "heap_mb", "offheap_mb", "rss_mb")) {
            assertTrue(r.has(field) && r.get(field).isNumber() && r.get(field).asDouble() > 0, field + " in " + r);
        }
        assertTrue(r.get("ms_per_iter_p90").asDouble() >= r.get("ms_per_iter_median").asDouble(), r.toString());
        assertTrue(r.get("iterations").asInt() >= 3, r.toString());
        assertTrue(r.get("gc_count").asLong() >= 0 && r.get("gc_ms").asLong() >= 0, r.toString());
        assertTrue(r.get("heap_alloc_kb_per_iter").asDouble() >= 0 && r.get("heap_pretouched").isBoolean(), r.toString());
        assertTrue(r.get("warm_up_s").asDouble() >= 0 && r.get("jit_ms").asLong() >= -1, r.toString());
        JsonNode roundTrip = r.get("core_round_trip_ns");
        assertTrue(roundTrip.isArray() && roundTrip.size() == 2, r.toString());
        roundTrip.forEach(ns -> assertTrue(ns.asLong() == -1 || ns.asLong() > 0, r.toString()));
    }

    @Test
    void theCoreDistanceProbeLeavesNoSpinningThreadBehind() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            long ns = CoreDistance.roundTripNanos();
            assertTrue(ns == -1 || ns > 0 && ns < 100_000_000, "round trip " + ns + " ns");
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("ae4j-core-distance")) {
                t.join(1000);
                assertTrue(!t.isAlive(), "the partner thread still runs after the probe returned");
            }
        }
    }

    @Test
    void anUnknownWorkloadOrImpossibleSettingIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Benchmarks.Settings("vae-cifar", 1, 128, 1, DataDir.resolve(), 0));
        assertTrue(e.getMessage().contains("vae-cifar") && e.getMessage().contains("vae-mnist"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Benchmarks.Settings("vae-mnist", Double.NaN, 128, 1, DataDir.resolve(), 0));
        assertTrue(e.getMessage().contains("seconds"), e.getMessage());
    }
}
