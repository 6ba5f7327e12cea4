package org.ae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.runs.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs mnist-ae end to end through the CLI on the quick setting, then resumes it for one more epoch. */
class MnistAutoencoderSmokeTest {

    @Test
    void quickRunWritesEveryOutputAndResumesFromItsCheckpoint(@TempDir Path out) throws Exception {
        assumeTrue(DataDir.resolve().find("mnist/train-images-idx3-ubyte.gz").isPresent(), "MNIST not available");

        CliTest.Result first = CliTest.run("run", "mnist-ae", "--quick", "--epochs", "1", "--seed", "3",
                "--out", out.toString());
        assertEquals(0, first.code(), first.err());
        List<String> lines = first.out().lines().toList();
        Path dir = Path.of(lines.get(lines.size() - 1));
        assertTrue(dir.startsWith(out.resolve("mnist-ae")) && dir.getFileName().toString().endsWith("-seed3"), dir.toString());
        for (String file : new String[] {"config.json", "manifest.json", "metrics.csv", "metrics.json",
                "figures/reconstructions.png", "figures/training-curves.png", "checkpoints/last.zip"}) {
            assertTrue(Files.size(dir.resolve(file)) > 0, file);
        }
        JsonNode metrics = Json.MAPPER.readTree(dir.resolve("metrics.json").toFile());
        double sqErr = metrics.get("test_sq_err").asDouble();
        // An untrained decoder outputs about 0.5 everywhere: ~ 784 * 0.25 - ... > 50; one epoch must beat that by far.
        assertTrue(sqErr > 1 && sqErr < 40, "test_sq_err " + sqErr);
        assertEquals(1.0, metrics.get("epochs").asDouble());

        CliTest.Result resumed = CliTest.run("run", "--resume", dir.toString(), "--epochs", "2");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().strip().endsWith(dir.toString()), resumed.out());
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(3, csv.size(), String.join("\n", csv));
        assertTrue(csv.get(1).startsWith("1,") && csv.get(2).startsWith("2,"), String.join("\n", csv));
        double resumedErr = Json.MAPPER.readTree(dir.resolve("metrics.json").toFile()).get("test_sq_err").asDouble();
        assertTrue(resumedErr < sqErr, "second epoch did not improve: " + sqErr + " -> " + resumedErr);
    }
}
