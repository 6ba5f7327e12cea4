package org.ae4j.core.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirTest {
    private static final LocalDateTime T = LocalDateTime.of(2026, 11, 24, 9, 5, 7);

    @Test
    void createsTheDocumentedLayoutAndNeverReusesADirectory(@TempDir Path out) {
        RunDir a = RunDir.create(out, "mnist-ae", 7, T);
        RunDir b = RunDir.create(out, "mnist-ae", 7, T);
        assertEquals(out.resolve("mnist-ae").resolve("20261124-090507-seed7"), a.path());
        assertNotEquals(a.path(), b.path());
        assertTrue(Files.isDirectory(a.figures()));
        assertTrue(Files.isDirectory(a.checkpoint().getParent()));
    }

    @Test
    void eachModelOfARunGetsItsOwnCheckpointAndMetrics(@TempDir Path out) {
        RunDir run = RunDir.create(out, "dae-mnist", 1, T);
        RunDir gaussian = run.model("gaussian-0.3");
        assertEquals(run.path().resolve("models").resolve("gaussian-0.3"), gaussian.path());
        assertTrue(Files.isDirectory(gaussian.checkpoint().getParent()));
        assertNotEquals(run.checkpoint(), gaussian.checkpoint());
        assertNotEquals(run.metricsCsv(), run.model("masking-0.5").metricsCsv());
        assertThrows(IllegalArgumentException.class, () -> run.model("../escape"));
        assertThrows(IllegalArgumentException.class, () -> run.model(""));
    }

    @Test
    void metricsAreAFlatJsonObjectAndNonFiniteValuesAreRefusedByName(@TempDir Path out) throws Exception {
        RunDir dir = RunDir.create(out, "x", 1, T);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("test_sq_err", 12.5);
        m.put("epochs", 3.0);
        dir.writeMetrics(m);
        JsonNode json = Json.MAPPER.readTree(dir.path().resolve(RunDir.METRICS_JSON).toFile());
        assertEquals(12.5, json.get("test_sq_err").asDouble());
        assertEquals(2, json.size());
        m.put("kl", Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dir.writeMetrics(m));
        assertTrue(e.getMessage().contains("kl"), e.getMessage());
    }

    @Test
    void openRequiresAConfig(@TempDir Path out) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunDir.open(out));
        assertTrue(e.getMessage().contains("config.json"));
        RunDir dir = RunDir.create(out, "x", 1, T);
        dir.writeConfig(Map.of("epochs", 2));
        assertEquals(dir.path(), RunDir.open(dir.path()).path());
        // A run kept in git comes back without its empty figures folder; opening it makes the folder again.
        assertTrue(dir.figures().toFile().delete());
        assertTrue(Files.isDirectory(RunDir.open(dir.path()).figures()));
    }

    @Test
    void manifestRecordsSeedBackendAndGitCommit(@TempDir Path repo) throws Exception {
        Path git = Files.createDirectories(repo.resolve(".git/refs/heads"));
        Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("main"), "0123456789abcdef0123456789abcdef01234567\n");
        Path nested = Files.createDirectories(repo.resolve("a/b"));
        assertEquals("0123456789abcdef0123456789abcdef01234567", Manifest.gitCommit(nested).orElseThrow());

        Manifest m = Manifest.now("mnist-ae", 42, List.of("--quick"));
        assertEquals(42, m.seed());
        assertTrue(m.nd4jBackend().contains("1.0.0-M2.1"), m.nd4jBackend());
        assertTrue(m.cores() >= 1 && m.nativeThreads() >= 1);
        assertFalse(m.host().isBlank());
        assertFalse(m.cpu().isBlank());
    }

    @Test
    void manifestSaysWhetherTheCheckoutHadUncommittedChanges(@TempDir Path repo) throws Exception {
        assumeTrue(git(repo, "init", "-q") == 0, "git is not installed");
        Files.writeString(repo.resolve("a.txt"), "one\n");
        assertEquals(0, git(repo, "add", "a.txt"));
        assertEquals(0, git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one"));
        assertEquals(Boolean.FALSE, Manifest.dirty(repo));
        Files.writeString(repo.resolve("untracked.txt"), "not ours\n");
        assertEquals(Boolean.FALSE, Manifest.dirty(repo), "untracked files do not change what ran");
        Files.writeString(repo.resolve("a.txt"), "two\n");
        assertEquals(Boolean.TRUE, Manifest.dirty(repo));
        assertTrue(Manifest.gitCommit(repo).orElseThrow().matches("[0-9a-f]{40}"));
        Path outside = Files.createDirectories(repo.getParent().resolve(repo.getFileName() + "-not-a-checkout"));
        assertNull(Manifest.dirty(outside));
    }

    private static int git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (IOException e) {
            return -1;
        }
    }
    @Test
    void aClaimExcludesOtherClaimsUntilReleased(@TempDir Path out) {
        RunDir model = RunDir.create(out, "vae-family-mnist", 1, T).model("one_layer_iwae_k5");
        try (RunDir.Claim held = model.tryClaim().orElseThrow()) {
            assertTrue(model.tryClaim().isEmpty(), "a second claim while the first is held");
        }
        model.tryClaim().orElseThrow().close();
    }

    @Test
    void aClaimHeldByAnotherProcessIsRefusedAndFreedWhenItDies(@TempDir Path out) throws Exception {
        RunDir model = RunDir.create(out, "vae-family-mnist", 1, T).model("two_layers_vae_k1");
        Path holder = out.resolve("Hold.java");
        Files.writeString(holder, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Hold {
                    public static void main(String[] a) throws Exception {
                        FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        c.lock();
                        System.out.println("held");
                        System.out.flush();
                        System.in.read();
                    }
                }
                """);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                holder.toString(), model.path().resolve("claim.lock").toString()).redirectErrorStream(true).start();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
            assertEquals("held", line);
            assertTrue(model.tryClaim().isEmpty(), "the other process holds the claim");
        } finally {
            p.destroyForcibly().waitFor();
        }
        model.tryClaim().orElseThrow().close();
    }
}
