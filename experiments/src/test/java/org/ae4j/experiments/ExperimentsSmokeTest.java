package org.ae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.runs.Json;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every registered experiment runs end to end through the CLI on its quick setting for one epoch. */
class ExperimentsSmokeTest {

    static Stream<String> experiments() {
        return Experiments.all().stream().map(Experiment::name);
    }

    @ParameterizedTest
    @MethodSource("experiments")
    void runsAndWritesFiguresAndFiniteMetrics(String name, @TempDir Path out) throws Exception {
        DataDir data = DataDir.resolve();
        assumeTrue(data.find("mnist/train-images-idx3-ubyte.gz").isPresent()
                && data.find("cbcl-faces/cbcl-face-database-1.tar.gz").isPresent(), "shared datasets not available");

        CliTest.Result r = CliTest.run("run", name, "--quick", "--epochs", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        Path dir = Path.of(lines.get(lines.size() - 1));
        for (String file : new String[] {"config.json", "manifest.json", "metrics.json"}) {
            assertTrue(Files.size(dir.resolve(file)) > 0, file);
        }
        try (Stream<Path> figures = Files.list(dir.resolve("figures"))) {
            assertTrue(figures.anyMatch(f -> f.toString().endsWith(".png")), "no figure written");
        }
        JsonNode metrics = Json.MAPPER.readTree(dir.resolve("metrics.json").toFile());
        assertFalse(metrics.isEmpty());
        metrics.fields().forEachRemaining(m -> assertTrue(m.getValue().isNumber()
                && Double.isFinite(m.getValue().asDouble()), m.getKey() + " = " + m.getValue()));
    }
}
