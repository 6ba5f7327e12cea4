package org.ae4j.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/bench/record_row.py}, which {@code scripts/bench-vs-pytorch --record} calls: the row of a workload
 * and thread count replaced, the others kept in order, the median ratio of the rounds.
 */
class BenchRecordTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "bench", "record_row.py").toAbsolutePath().normalize();
    private static final String BEGIN = "<!-- bench-vs-pytorch rows: begin -->";
    private static final String END = "<!-- bench-vs-pytorch rows: end -->";

    @TempDir
    Path tmp;

    @Test
    void replacesTheWorkloadsRowAndKeepsTheOthers() throws Exception {
        Path file = tmp.resolve("BENCHMARKS.md");
        Files.writeString(file, String.join("\n", "# Benchmarks", "", BEGIN,
                "| workload | threads | ae4j | reference | ae4j ÷ reference | rounds | date | commit | CPU |",
                "|---|---:|---:|---:|---:|---:|---|---|---|",
                "| `conv-vae-mnist` | 2 | old | old | **1.00 ×** | 1 | 2026-01-01 | abc | x |",
                "| `vae-mnist` | 2 | kept | kept | **2.00 ×** | 1 | 2026-01-01 | abc | x |",
                END, "", "after"));
        // three rounds: 2000/1000, 3000/1000, 1000/1000 → ratios 2, 3, 1, median 2
        Process p = run(file, "2", ours(2000), theirs(1000), ours(3000), theirs(1000), ours(1000), theirs(1000));
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        List<String> lines = Files.readAllLines(file);
        List<String> rows = new ArrayList<>(lines.subList(lines.indexOf(BEGIN) + 3, lines.indexOf(END)));
        assertEquals(2, rows.size(), String.join("\n", lines));
        assertTrue(rows.get(0).startsWith("| `conv-vae-mnist` | 2 | 1,000–3,000 samples/s | 1,000 samples/s "
                + "(PyTorch 1.13) | **2.00 ×** (1–3) | 3 | "), rows.get(0));
        assertEquals("| `vae-mnist` | 2 | kept | kept | **2.00 ×** | 1 | 2026-01-01 | abc | x |", rows.get(1));
        assertEquals("after", lines.get(lines.size() - 1));
    }

    @Test
    void refusesAFileWithoutTheTable() throws Exception {
        Path file = tmp.resolve("plain.md");
        Files.writeString(file, "# no table\n");
        Process p = run(file, "1", ours(1), theirs(1));
        assertNotEquals(0, p.waitFor());
        assertTrue(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("has no '" + BEGIN),
                "names the missing markers");
        assertEquals("# no table\n", Files.readString(file));
    }

    private static String ours(double samplesPerSecond) {
        return "{\"workload\":\"conv-vae-mnist\",\"framework\":\"ae4j\",\"samples_per_s\":" + samplesPerSecond + "}";
    }

    private static String theirs(double samplesPerSecond) {
        return "{\"workload\":\"conv-vae-mnist\",\"framework\":\"PyTorch 1.13\",\"samples_per_s\":" + samplesPerSecond
                + "}";
    }

    private Process run(Path file, String threads, String... sides) throws IOException {
        List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString(), file.toString(), threads));
        command.addAll(List.of(sides));
        return new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).start();
    }
}
