package org.ae4j.experiments.denoising;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ae4j.core.runs.Json;
import org.ae4j.experiments.CliTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The denoising experiments on synthetic 2-D data, which need no dataset files. */
class DenoisingExperimentsTest {

    private static Path runDir(CliTest.Result r) {
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        return Path.of(lines.get(lines.size() - 1));
    }

    @Test
    void theSpiralDaesVectorFieldPointsBackToTheSpiral(@TempDir Path out) throws Exception {
        // Quick setting (4,000 points, 5 epochs). Measured over seeds 1-3: far cosine 0.76-0.82, between the
        // arms 0.40-0.43, near/far length ratio 0.46-0.49. A constant r(x) points at the origin, which scores
        // well outside the spiral but about 0 between the arms, and keeps near and far arrows alike long.
        JsonNode m = Json.MAPPER.readTree(runDir(CliTest.run("run", "dae-spiral", "--quick", "--seed", "2",
                "--out", out.toString())).resolve("metrics.json").toFile());
        assertTrue(m.get("mean_cosine_far").asDouble() > 0.65, m.toString());
        assertTrue(m.get("mean_cosine_far_between_arms").asDouble() > 0.2, m.toString());
        assertTrue(m.get("length_ratio_near_far").asDouble() < 0.7, m.toString());
        assertTrue(m.get("held_out_sq_err_bayes").asDouble() < m.get("held_out_sq_err_noisy").asDouble());
    }

    @Test
    void aRunOfSeveralModelsResumesEachFromItsOwnCheckpoint(@TempDir Path out) throws Exception {
        Path dir = runDir(CliTest.run("run", "dae-score", "--quick", "--epochs", "1", "--out", out.toString()));
        for (String model : new String[] {"sigma_0.1", "sigma_0.3"}) {
            assertEquals(2, Files.readAllLines(dir.resolve("models").resolve(model).resolve("metrics.csv")).size(), model);
        }
        assertEquals(dir, runDir(CliTest.run("run", "--resume", dir.toString(), "--epochs", "2")));
        for (String model : new String[] {"sigma_0.1", "sigma_0.3"}) {
            List<String> csv = Files.readAllLines(dir.resolve("models").resolve(model).resolve("metrics.csv"));
            assertEquals(3, csv.size(), model + ": " + csv);
            assertTrue(csv.get(1).startsWith("1,") && csv.get(2).startsWith("2,"), model + ": " + csv);
        }
        JsonNode m = Json.MAPPER.readTree(dir.resolve("metrics.json").toFile());
        for (String key : new String[] {"score_correlation_sigma_0.1", "score_slope_sigma_0.1",
                "score_correlation_smoothed_sigma_0.3"}) {
            assertTrue(m.has(key) && Double.isFinite(m.get(key).asDouble()), key + " in " + m);
        }
    }
}
