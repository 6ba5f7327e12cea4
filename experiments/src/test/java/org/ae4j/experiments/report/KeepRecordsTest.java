package org.ae4j.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/keep-records}: a finished run keeps its records only, the newest unfinished run of an experiment is
 * kept whole so that a seeded reproduction resumes it, and what it kept of that run goes once the run has finished.
 */
class KeepRecordsTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "keep-records").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void keepsRecordsOfFinishedRunsAndTheNewestUnfinishedRunWhole() throws Exception {
        Path from = tmp.resolve("reproduction");
        Path to = tmp.resolve("records");
        Path done = run(from, "pca-mnist", "20261207-100000-seed42", true);
        Path older = run(from, "vae-mnist-nll", "20261207-100000-seed42", true);
        Path inFlight = run(from, "vae-mnist-nll", "20261207-110000-seed42", false);
        write(inFlight.resolve("models/iwae/checkpoints/last.zip"), "model checkpoint");
        Path noCheckpoint = run(from, "graphvae-qm9", "20261207-120000-seed42", false);
        Files.delete(noCheckpoint.resolve("checkpoints/last.zip"));

        String out = keep(from, to);

        assertTrue(out.endsWith("kept the records of 2 finished runs and 1 unfinished runs in " + to), out);
        assertEquals(List.of("config.json", "metrics.csv", "metrics.json"), files(to.resolve(rel(from, done))));
        assertEquals(List.of("config.json", "metrics.csv", "metrics.json"), files(to.resolve(rel(from, older))));
        assertEquals(files(inFlight), files(to.resolve(rel(from, inFlight))));
        assertEquals("checkpoint", Files.readString(to.resolve(rel(from, inFlight)).resolve("checkpoints/last.zip")));
        assertFalse(Files.exists(to.resolve("graphvae-qm9")), "an unfinished run without a checkpoint has nothing to resume");

        write(inFlight.resolve("metrics.json"), "{\"test_nll_is5000\": 86.8}");
        keep(from, to);
        assertEquals(List.of("config.json", "metrics.csv", "metrics.json"), files(to.resolve(rel(from, inFlight))),
                "once finished, the run keeps its records only");
    }

    @Test
    void refusesAMissingReproductionFolder() throws Exception {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), tmp.resolve("absent").toString(), tmp.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(2, p.waitFor());
        assertEquals("keep-records: " + tmp.resolve("absent") + " is not a folder", out);
    }

    /** A run directory with a config, a metrics.csv, a figure and a checkpoint; finished runs have metrics.json. */
    private static Path run(Path from, String experiment, String name, boolean finished) throws IOException {
        Path dir = from.resolve(experiment).resolve(name);
        write(dir.resolve("config.json"), "{}");
        write(dir.resolve("metrics.csv"), "epoch\n1\n");
        write(dir.resolve("figures/curve.png"), "png");
        write(dir.resolve("checkpoints/last.zip"), "checkpoint");
        if (finished) {
            write(dir.resolve("metrics.json"), "{}");
        }
        return dir;
    }

    private static String keep(Path from, Path to) throws Exception {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), from.toString(), to.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static Path rel(Path from, Path run) {
        return from.relativize(run);
    }

    /** Every file under {@code dir}, relative and sorted. */
    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
        }
    }
}
