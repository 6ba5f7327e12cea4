package org.ae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ae4j.experiments.cli.Ae4j;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class CliTest {
    /** What the command line printed and returned. */
    public record Result(int code, String out, String err) {
    }

    /** Runs the {@code ae4j} command line in this JVM. */
    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ae4j.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void listNamesEveryExperimentWithADescription() {
        Result r = run("list");
        assertEquals(0, r.code());
        for (Experiment e : Experiments.all()) {
            assertTrue(r.out().contains(e.name()) && r.out().contains(e.description()), r.out());
        }
    }

    @Test
    void helpDescribesTheRunOptions() {
        Result r = run("run", "--help");
        assertEquals(0, r.code());
        for (String option : new String[] {"--epochs", "--seed", "--data-dir", "--out", "--quick", "--resume"}) {
            assertTrue(r.out().contains(option), option + " missing from\n" + r.out());
        }
    }

    @Test
    void anUnknownExperimentIsOneLineAndNonZero() {
        Result r = run("run", "no-such-thing");
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("unknown experiment 'no-such-thing'") && r.err().contains("mnist-ae"), r.err());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Result r = run("--verbose", "run", "no-such-thing");
        assertEquals(1, r.code());
        assertTrue(r.err().lines().count() > 1 && r.err().contains("\tat "), r.err());
    }

    @Test
    void badOptionsAreRefusedClearly(@TempDir Path tmp) {
        Result epochs = run("run", "mnist-ae", "--epochs", "0", "--out", tmp.toString());
        assertEquals(1, epochs.code());
        assertTrue(epochs.err().contains("--epochs must be at least 1"), epochs.err());

        Result dataDir = run("run", "mnist-ae", "--data-dir", tmp.resolve("nope").toString());
        assertEquals(1, dataDir.code());
        assertTrue(dataDir.err().contains("is not a directory"), dataDir.err());

        Result resume = run("run", "--resume", tmp.toString());
        assertEquals(1, resume.code());
        assertTrue(resume.err().contains("not a run directory"), resume.err());

        Result seed = run("run", "mnist-ae", "--seed", "abc");
        assertTrue(seed.code() != 0 && seed.err().contains("--seed"), seed.err());
        assertEquals(1, seed.err().lines().count(), seed.err());
        assertFalse(Files.exists(tmp.resolve("mnist-ae")), "no run directory for refused options");
    }

    @Test
    void multiLineErrorMessagesAreJoinedOnOneLine() {
        String message = Ae4j.oneLine(new org.ae4j.core.data.formats.MissingDataException(
                "Missing data file 'mnist/x.gz'. Searched:\n  /a  (AE4J_DATA)\n\n  /b  (~/.ae4j/data)\nPut it under /b."));
        assertEquals("Missing data file 'mnist/x.gz'. Searched: /a  (AE4J_DATA) /b  (~/.ae4j/data) Put it under /b.",
                message);
    }
}
