package org.ae4j.experiments.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.runs.Json;
import org.ae4j.experiments.CliTest.Result;
import org.ae4j.experiments.CliTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ae4j engine-check} on the CPU, this process's engine standing in for the device: fixtures written here
 * compare as all PASS, a gradient scaled by 1.1 fails naming its parameter, and a missing or corrupt fixture folder
 * is one line naming the problem. The loss curve runs 50 steps rather than 200.
 */
class EngineCheckTest {
    @TempDir
    static Path tmp;

    private static Path fixtures;

    static Result run(String... args) {
        return CliTest.run(args);
    }

    /** The PASS/FAIL/INFO lines of a run. */
    static List<String> checks(Result r) {
        return r.out().lines().filter(l -> l.matches("(PASS|FAIL|INFO) .*")).toList();
    }

    @BeforeAll
    static void writeFixtures() {
        assumeTrue(DataDir.resolve().find("mnist/train-images-idx3-ubyte.gz").isPresent(), "MNIST not available");
        fixtures = tmp.resolve("cpu");
        Result r = run("engine-check", "--write", fixtures.toString(), "--steps", "50");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(fixtures.resolve(EngineCheck.MANIFEST)), r.out());
    }

    @Test
    void theSameBuildPassesEveryCheck() throws IOException {
        Result r = run("engine-check", "--compare", fixtures.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> checks = checks(r);
        // smoke, one line per model, the loss curve, and throughput (informational)
        assertEquals(EngineCheck.MODELS.size() + 3, checks.size(), r.out());
        checks.stream().filter(l -> !l.startsWith("INFO")).forEach(l -> assertTrue(l.startsWith("PASS"), l));
        assertTrue(checks.stream().anyMatch(l -> l.startsWith("PASS") && l.contains("loss curve")
                && l.contains("50 steps")), r.out());
        assertTrue(checks.stream().anyMatch(l -> l.startsWith("INFO") && l.contains("samples/s")), r.out());
        long size;
        try (Stream<Path> files = Files.list(fixtures)) {
            size = files.mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(size < 1 << 20, "fixtures take " + size + " bytes");
    }

    @Test
    void aScaledGradientFailsNamingItsParameter() throws IOException {
        Path corrupted = Files.createDirectories(tmp.resolve("scaled"));
        try (Stream<Path> files = Files.list(fixtures)) {
            for (Path f : files.toList()) {
                Files.copy(f, corrupted.resolve(f.getFileName()));
            }
        }
        Path file = corrupted.resolve(EngineCheck.gradientsFile("vae-bernoulli"));
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(file.toFile());
        String parameter = root.get("gradients").fieldNames().next();
        ArrayNode values = (ArrayNode) root.get("gradients").get(parameter).get("values");
        for (int i = 0; i < values.size(); i++) {
            values.set(i, values.get(i).asDouble() * 1.1);
        }
        Json.MAPPER.writeValue(file.toFile(), root);

        Result r = run("engine-check", "--compare", corrupted.toString());
        assertNotEquals(0, r.code(), r.out());
        List<String> failed = checks(r).stream().filter(l -> l.startsWith("FAIL")).toList();
        assertEquals(1, failed.size(), r.out());
        assertTrue(failed.get(0).contains("vae-bernoulli") && failed.get(0).contains(parameter + " relative L2"),
                failed.get(0));
        assertTrue(r.out().contains("1 of 7 checks FAILED"), r.out());
    }

    @Test
    void aMissingOrCorruptFixtureFolderIsOneLine() throws IOException {
        Result missing = run("engine-check", "--compare", tmp.resolve("nowhere").toString());
        assertEquals(1, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().contains("no fixture folder") && missing.err().contains("--write"), missing.err());

        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve(EngineCheck.MANIFEST), "{\"format\": 1, \"models\": [");
        Result corrupt = run("engine-check", "--compare", broken.toString());
        assertEquals(1, corrupt.code());
        assertEquals(1, corrupt.err().lines().count(), corrupt.err());
        assertTrue(corrupt.err().contains("corrupt fixture") && corrupt.err().contains(EngineCheck.MANIFEST),
                corrupt.err());

        Files.writeString(broken.resolve(EngineCheck.MANIFEST), Files.readString(fixtures.resolve(EngineCheck.MANIFEST)));
        Result noGradients = run("engine-check", "--compare", broken.toString());
        assertTrue(noGradients.code() == 1 && noGradients.err().contains("missing fixture")
                && noGradients.err().contains(EngineCheck.gradientsFile("ae-bernoulli")), noGradients.err());
    }
}
