package org.ae4j.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ae4j.experiments.CliTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsPageTest {
    private static final String COMMIT_A = "0123456789abcdef0123456789abcdef01234567";
    private static final String COMMIT_B = "fedcba9876543210fedcba9876543210fedcba98";

    /** A run directory as RunContext leaves it: config.json, manifest.json and, when finished, metrics.json. */
    private static Path run(Path out, String experiment, String stamp, String commit, String metricsJson)
            throws IOException {
        Path dir = Files.createDirectories(out.resolve(experiment).resolve(stamp + "-seed42"));
        Files.writeString(dir.resolve("config.json"),
                "{\"options\": {\"epochs\": null, \"seed\": 42, \"dataDir\": null, \"quick\": false}}");
        Files.writeString(dir.resolve("manifest.json"), "{\"experiment\": \"" + experiment + "\", \"seed\": 42,"
                + " \"startedAt\": \"2026-12-0" + stamp.charAt(7) + "T10:00:00Z\", \"gitCommit\": \"" + commit + "\","
                + " \"gitDirty\": false, \"nd4jBackend\": \"CpuBackend 1.0.0-M2.1\", \"engine\": \"host\","
                + " \"floatGemm\": \"oneDNN 2.5.2\", \"javaVersion\": \"17\", \"os\": \"Linux amd64\","
                + " \"host\": \"box\", \"cpu\": \"Some CPU\", \"cores\": 2, \"nativeThreads\": 2}");
        if (metricsJson != null) {
            Files.writeString(dir.resolve("metrics.json"), metricsJson);
        }
        return dir;
    }

    @Test
    void eachExperimentsNewestFinishedRunStandsBesideThePublishedNumbers(@TempDir Path out) throws IOException {
        run(out, "pca-mnist", "20261205", COMMIT_A, "{\"test_sq_err_pca30\": 20.0}");
        run(out, "pca-mnist", "20261206", COMMIT_A, "{\"test_sq_err_pca30\": 13.8661, "
                + "\"explained_variance_ratio_30\": 0.73057}");
        run(out, "pca-mnist", "20261207", COMMIT_A, null); // newer, unfinished: not the one shown
        run(out, "deep-ae-mnist", "20261207", COMMIT_A, "{\"test_sq_err_deep_ae\": 2.987, \"test_sq_err_pca\": 13.86}");

        Path page = out.resolve("results.md");
        List<String> found = ResultsPage.write(out, page);
        String md = Files.readString(page);

        assertEquals(List.of("pca-mnist", "deep-ae-mnist"), found);
        assertTrue(md.contains("| `pca-mnist` | `test_sq_err_pca30` | 13.87 | 13.87 | Hinton & Salakhutdinov (2006)"),
                md);
        assertTrue(md.contains("| `pca-mnist` | `explained_variance_ratio_30` | 0.7306 |  |  |"), md);
        assertFalse(md.contains("| 20 |"), "the older finished run is not shown:\n" + md);
        assertTrue(md.contains("| `deep-ae-mnist` | `test_sq_err_deep_ae` | 2.987 | 3 |"), md);
        assertTrue(md.contains("| `deep-ae-mnist` | `test_sq_err_logistic_pca` | not measured | 8.01 |"), md);
        assertTrue(md.contains("One commit: 0123456789ab."), md);
        assertTrue(md.contains("Machine: box (Some CPU, 2 cores). Threads: 2. Engine: host (oneDNN 2.5.2)."), md);
        assertTrue(md.indexOf("## Linear auto-encoders") < md.indexOf("## Deep auto-encoders"), "lecture order");
        assertTrue(md.contains("| `pca-mnist` | full, seed 42 | 2026-12-06T10:00:00Z | 0123456789ab | 2 |"), md);
        assertTrue(md.contains("No finished run of: `pca-faces`"), md);
    }

    @Test
    void runsFromSeveralCommitsAreSaidToBeSo(@TempDir Path out) throws IOException {
        run(out, "pca-mnist", "20261206", COMMIT_A, "{\"test_sq_err_pca30\": 13.87}");
        run(out, "mnist-ae", "20261207", COMMIT_B, "{\"test_sq_err\": 3.8}");
        String md = ResultsPage.markdown(out, ResultsPage.runs(out), "cmd");
        assertTrue(md.contains("Commits (not one): 0123456789ab (1 run), fedcba987654 (1 run)."), md);
    }

    @Test
    void numbersKeepFourSignificantDigitsAndPublishedOnesTheirOwn() {
        assertEquals("13.87", ResultsPage.number(13.8661));
        assertEquals("0.7306", ResultsPage.number(0.73057));
        assertEquals("3280", ResultsPage.number(3280));
        assertEquals("86.77", ResultsPage.number(86.7712));
        assertEquals("2.358e-06", ResultsPage.number(2.358e-6));
        assertEquals("-140.1", ResultsPage.number(-140.12));
        assertEquals("8.01", ResultsPage.asPublished(8.01));
        assertEquals("3", ResultsPage.asPublished(3.00));
    }

    @Test
    void theCommandLineWritesThePageAndRefusesAMissingFolder(@TempDir Path out) throws IOException {
        run(out, "pca-mnist", "20261206", COMMIT_A, "{\"test_sq_err_pca30\": 13.87}");
        Path page = out.resolve("docs/results.md");
        CliTest.Result r = CliTest.run("report", "--results", page.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(page).contains("Generated by `ae4j report --results " + page), r.out());

        CliTest.Result missing = CliTest.run("report", "--results", page.toString(), out.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().contains("is not a directory"), missing.err());
    }
}
