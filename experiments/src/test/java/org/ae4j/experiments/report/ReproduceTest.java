package org.ae4j.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ae4j.core.runs.Json;
import org.ae4j.experiments.cli.Ae4j;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproduceTest {

    @Test
    void aFailingExperimentIsReportedWithItsErrorAndLogAndTheExitCodeSaysSo(@TempDir Path out) throws Exception {
        // An unfinished run whose config.json names no known experiment: resuming it must fail in the child.
        Path broken = Files.createDirectories(out.resolve("pca-faces/20260101-000000-seed42"));
        Json.write(broken.resolve("config.json"), Map.of("experiment", "no-such",
                "options", Map.of("seed", 42, "quick", true)));
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = Ae4j.execute(new PrintWriter(stdout, true), new PrintWriter(stderr, true),
                "reproduce", "--only", "pca-faces", "--out", out.toString());
        String err = stderr.toString();
        assertEquals(1, code, err);
        assertTrue(err.contains("[1/1] pca-faces: resuming " + broken), err);
        assertTrue(err.contains("[1/1] pca-faces: FAILED after") && err.contains("names unknown experiment 'no-such'"), err);
        assertTrue(err.contains("1 experiments in") && err.contains("1 failed"), err);
        Path log = out.resolve("logs/pca-faces.log");
        assertTrue(Files.readString(log).contains("names unknown experiment 'no-such'"));
        String html = Files.readString(out.resolve("report/index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("Failed: ") && html.contains("names unknown experiment"), html);
        assertTrue(html.contains("href=\"../logs/pca-faces.log\""), html);
        assertEquals(out.resolve("report/index.html").toAbsolutePath().toString(), stdout.toString().strip());
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingRuns(@TempDir Path out) {
        StringWriter stderr = new StringWriter();
        int code = Ae4j.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(stderr, true),
                "reproduce", "--only", "pca-faces,nothing-like-it", "--out", out.toString());
        assertEquals(1, code);
        assertTrue(stderr.toString().contains("unknown experiment 'nothing-like-it' in --only"), stderr.toString());
        code = Ae4j.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(stderr, true),
                "reproduce", "--quick", "--full");
        assertEquals(2, code, stderr.toString());
        code = Ae4j.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(stderr, true),
                "reproduce", "--data-dir", out.resolve("nowhere").toString(), "--out", out.toString());
        assertEquals(1, code);
        assertTrue(stderr.toString().contains("nowhere is not a directory"), stderr.toString());
        assertTrue(!Files.exists(out.resolve("logs")));
    }
}
