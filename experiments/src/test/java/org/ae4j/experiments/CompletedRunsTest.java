package org.ae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletedRunsTest {
    private static final List<String> METRICS = List.of("auc", "ap");

    @Test
    void finishedRunsSurviveReopeningAndNaNRoundTrips(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("runs.csv");
        CompletedRuns runs = CompletedRuns.open(file, METRICS);
        runs.add("cora_gae_seed1", Map.of("auc", 0.91, "ap", Double.NaN));
        CompletedRuns again = CompletedRuns.open(file, METRICS);
        assertTrue(again.contains("cora_gae_seed1"));
        assertFalse(again.contains("cora_gae_seed2"));
        assertEquals(0.91, again.get("cora_gae_seed1").get("auc"));
        assertTrue(Double.isNaN(again.get("cora_gae_seed1").get("ap")));
    }

    @Test
    void aRunIsMeasuredOnceAndItsMetricsComeInTheColumnsOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runs.csv");
        int[] measured = {0};
        CompletedRuns.Measurement measurement = () -> {
            measured[0]++;
            return Map.of("ap", 0.6, "auc", 0.5);
        };
        CompletedRuns runs = CompletedRuns.open(file, METRICS);
        assertEquals(List.of("auc", "ap"), List.copyOf(runs.computeIfAbsent("a", measurement).keySet()));
        assertEquals(Map.of("auc", 0.5, "ap", 0.6), runs.computeIfAbsent("a", measurement));
        CompletedRuns reopened = CompletedRuns.open(file, METRICS);
        assertEquals(Map.of("auc", 0.5, "ap", 0.6), reopened.computeIfAbsent("a", measurement));
        assertEquals(1, measured[0]);
    }

    @Test
    void aRowCutShortByACrashIsDroppedAndTheNextRowStartsOnItsOwnLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("runs.csv");
        CompletedRuns.open(file, METRICS).add("a", Map.of("auc", 0.5, "ap", 0.6));
        Files.writeString(file, Files.readString(file) + "b,0.7", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        CompletedRuns runs = CompletedRuns.open(file, METRICS);
        assertTrue(runs.contains("a"));
        assertFalse(runs.contains("b"));
        runs.add("b", Map.of("auc", 0.7, "ap", 0.8));
        assertEquals(List.of("run,auc,ap", "a,0.5,0.6", "b,0.7,0.8"), Files.readAllLines(file));
    }

    @Test
    void badFilesAndRowsAreNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("runs.csv");
        Files.writeString(file, "run,loss\n");
        IOException header = assertThrows(IOException.class, () -> CompletedRuns.open(file, METRICS));
        assertTrue(header.getMessage().contains("run,auc,ap"), header.getMessage());
        Files.writeString(file, "run,auc,ap\na,0.5,oops\n");
        IOException number = assertThrows(IOException.class, () -> CompletedRuns.open(file, METRICS));
        assertTrue(number.getMessage().contains("runs.csv:2"), number.getMessage());
        CompletedRuns runs = CompletedRuns.open(dir.resolve("other.csv"), METRICS);
        assertThrows(IllegalArgumentException.class, () -> runs.add("x", Map.of("auc", 1.0)));
        assertThrows(IllegalArgumentException.class, () -> runs.add("x,y", Map.of("auc", 1.0, "ap", 1.0)));
        assertThrows(IllegalArgumentException.class, () -> runs.get("missing"));
    }
}
