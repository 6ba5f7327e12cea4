package org.ae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.runs.Json;
import org.ae4j.experiments.cli.Ae4j;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproducibility across processes, which the in-process tests cannot see: every run here is a fresh child JVM
 * (the {@code ae4j} CLI with the test's own class path, {@code --add-modules jdk.incubator.vector -Xmx2g}), so each
 * one starts in the interpreter and reaches the JIT-compiled code at its own moment, and a resumed run does its
 * later epochs in a cold JVM while the uninterrupted one does them warm.
 *
 * <p>What is compared: {@code metrics.csv} without a {@code seconds} column (wall-clock time; where the column has
 * moved to its own file the CSV is compared whole), {@code metrics.json} without keys ending in {@code seconds},
 * and the checkpoint's parameter and Adam arrays byte for byte.
 *
 * <p>The experiment is {@code mnist-ae --quick}: the cheapest run that goes through {@link
 * org.ae4j.core.train.Trainer}, its checkpoints and the fused Bernoulli loss (about 10 s a run). It needs MNIST and
 * skips without it.
 */
class FreshJvmDeterminismTest {
    private static final String EXPERIMENT = "mnist-ae";
    private static final String SEED = "5";
    /**
     * The one pair's thread count for ae4j's matrix products: two, so that the split of rows between threads is
     * covered too.
     */
    private static final int PAIR_THREADS = 2;
    /** Epochs of the kill-and-resume runs: epoch 1 (with the JIT warm-up) is checkpointed, the kill lands after. */
    private static final int RESUME_EPOCHS = 3;
    /** How long after the first checkpoint appears the run is killed (a later epoch takes about a second). */
    private static final long KILL_DELAY_MS = 500;
    private static final long CHILD_TIMEOUT_MINUTES = 5;

    /** Children still running when a test ends (it failed early) are killed, not left to write into its temp dir. */
    private final List<ChildJvm> children = new ArrayList<>();

    @AfterEach
    void killLeftoverChildren() throws InterruptedException {
        for (ChildJvm child : children) {
            if (child.process().isAlive()) {
                child.process().destroyForcibly().waitFor(1, TimeUnit.MINUTES);
            }
        }
    }

    @Test
    void sameSeedGivesTheSameBytesInTwoFreshJvms(@TempDir Path tmp) throws Exception {
        Path data = dataRoot();
        int threads = PAIR_THREADS;
        List<String> args = List.of("run", EXPERIMENT, "--quick", "--epochs", "2", "--seed", SEED,
                "--data-dir", data.toString());
        // Both at once: the same work, with the JIT compilers' timing different in each.
        ChildJvm first = start(tmp, "first", threads, withOut(args, tmp.resolve("out-first")));
        ChildJvm second = start(tmp, "second", threads, withOut(args, tmp.resolve("out-second")));
        Path a = first.awaitRunDir();
        Path b = second.awaitRunDir();

        String context = "AE4J_THREADS=" + threads + "; " + first.describe() + "; " + second.describe();
        assertSameRun(a, b, "the first JVM", "the second JVM", context);
    }

    /**
     * The portable engine (ND4J ops only, what runs under CUDA) trains to the host engine's metrics: the same runs of
     * {@code mnist-ae} and {@code vae-mnist} on both, each in a fresh JVM, within 2% on every metric. Float rounding
     * differs between the engines (fused kernels, product blocks), and two epochs of training carry the difference
     * to about 0.3% of the loss; an engine that trained on stale or wrong data would be far off.
     */
    @Test
    void thePortableEngineTrainsToTheHostEnginesMetrics(@TempDir Path tmp) throws Exception {
        Path data = dataRoot();
        for (String experiment : List.of(EXPERIMENT, "vae-mnist")) {
            List<String> args = List.of("run", experiment, "--quick", "--epochs", "2", "--seed", SEED,
                    "--data-dir", data.toString());
            ChildJvm host = start(tmp, experiment + "-host", 1, withOut(args, tmp.resolve(experiment + "-host")),
                    Map.of("AE4J_ENGINE", "host"));
            ChildJvm portable = start(tmp, experiment + "-portable", 1,
                    withOut(args, tmp.resolve(experiment + "-portable")), Map.of("AE4J_ENGINE", "portable"));
            Path a = host.awaitRunDir();
            Path b = portable.awaitRunDir();
            assertTrue(Files.readString(a.resolve("manifest.json")).contains("\"engine\" : \"host\""),
                    "host manifest");
            assertTrue(Files.readString(b.resolve("manifest.json")).contains("\"engine\" : \"portable\""),
                    "portable manifest");
            JsonNode want = Json.MAPPER.readTree(a.resolve("metrics.json").toFile());
            JsonNode got = Json.MAPPER.readTree(b.resolve("metrics.json").toFile());
            int compared = 0;
            for (Iterator<String> names = want.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.contains("seconds")) {
                    continue;
                }
                double w = want.get(name).asDouble();
                double g = got.get(name).asDouble();
                assertTrue(Math.abs(g - w) <= 0.02 * Math.max(Math.abs(w), 1e-3), experiment + " " + name + ": host "
                        + w + ", portable " + g + "; " + host.describe() + portable.describe());
                compared++;
            }
            assertTrue(compared >= 2, experiment + ": metrics compared: " + want);
        }
    }

    @Test
    void aRunKilledMidEpochAndResumedEndsLikeAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path data = dataRoot();
        List<String> args = List.of("run", EXPERIMENT, "--quick", "--epochs", Integer.toString(RESUME_EPOCHS),
                "--seed", SEED, "--data-dir", data.toString());
        int threads = 1;
        ChildJvm whole = start(tmp, "uninterrupted", threads, withOut(args, tmp.resolve("out-whole")));

        Killed killed = killAfterFirstCheckpoint(tmp, "killed", threads, args, KILL_DELAY_MS);
        if (!killed.beforeTheEnd()) { // the run outpaced the kill (a very fast machine): once more, sooner
            killed = killAfterFirstCheckpoint(tmp, "killed-again", threads, args, KILL_DELAY_MS / 5);
        }
        assertTrue(killed.beforeTheEnd(), "the kill never landed before the run's end: " + killed);

        ChildJvm resumed = start(tmp, "resumed", threads, List.of("run", "--resume", killed.runDir().toString()));
        Path resumedDir = resumed.awaitRunDir();
        assertEquals(killed.runDir().toRealPath(), resumedDir.toRealPath(), "the resumed run wrote elsewhere; "
                + resumed.describe());
        String resumedLog = Files.readString(resumed.stderr());
        assertTrue(resumedLog.contains("after epoch " + killed.checkpointEpoch()),
                "the resumed run did not say it resumed after epoch " + killed.checkpointEpoch() + "; "
                        + resumed.describe());
        Path wholeDir = whole.awaitRunDir();

        String context = killed + "; " + whole.describe() + "; " + resumed.describe();
        assertSameRun(wholeDir, resumedDir, "the uninterrupted run", "the killed and resumed run", context);
    }

    // --- the kill -----------------------------------------------------------------------------------------------

    /**
     * A run killed with SIGKILL; {@code checkpointEpoch} is the last completed epoch on disk after the kill,
     * {@code exitCode} the child's ({@code 137} when the kill ended it).
     */
    private record Killed(Path runDir, int checkpointEpoch, int csvRows, boolean finished, int exitCode,
                          long millisAfterCheckpoint, String log) {
        boolean beforeTheEnd() {
            return !finished && checkpointEpoch >= 1 && checkpointEpoch < RESUME_EPOCHS;
        }

        @Override
        public String toString() {
            return "killed " + millisAfterCheckpoint + " ms after epoch 1's checkpoint: exit code " + exitCode
                    + ", checkpoint after epoch " + checkpointEpoch + " of " + RESUME_EPOCHS + ", metrics.csv rows "
                    + csvRows + (finished ? ", metrics.json written (the run had finished)" : "")
                    + "; its stderr ends:\n" + log + "\n";
        }
    }

    private Killed killAfterFirstCheckpoint(Path tmp, String name, int threads, List<String> args, long delayMs)
            throws Exception {
        Path out = tmp.resolve("out-" + name);
        ChildJvm child = start(tmp, name, threads, withOut(args, out));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(CHILD_TIMEOUT_MINUTES);
        Path runDir = null;
        while (runDir == null || !Files.exists(runDir.resolve("checkpoints").resolve("last.zip"))) {
            if (!child.process().isAlive()) {
                fail(name + " ended before its first checkpoint; " + child.describe());
            }
            if (System.nanoTime() > deadline) {
                child.process().destroyForcibly().waitFor(1, TimeUnit.MINUTES);
                fail(name + " wrote no checkpoint in " + CHILD_TIMEOUT_MINUTES + " minutes; " + child.describe());
            }
            Thread.sleep(20);
            runDir = runDirUnder(out).orElse(null);
        }
        long seen = System.nanoTime();
        Thread.sleep(delayMs);
        child.process().destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
        long killedAt = System.nanoTime();
        if (!child.process().waitFor(1, TimeUnit.MINUTES)) {
            fail(name + " did not die after SIGKILL");
        }
        // Read only now: a checkpoint renamed into place between a read and the kill cannot be missed.
        int epoch = checkpointEpoch(runDir.resolve("checkpoints").resolve("last.zip"));
        Path csv = runDir.resolve("metrics.csv");
        int rows = Files.exists(csv) ? (int) Files.readAllLines(csv).stream().skip(1).filter(l -> !l.isBlank()).count() : 0;
        return new Killed(runDir, epoch, rows, Files.exists(runDir.resolve("metrics.json")), child.process().exitValue(),
                (killedAt - seen) / 1_000_000, child.stderrTail());
    }

    /** The last completed epoch recorded in a checkpoint's {@code state.json}. */
    private static int checkpointEpoch(Path checkpoint) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(checkpoint))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("state.json")) {
                    return new ObjectMapper().readTree(zip.readAllBytes()).path("epoch").asInt(-1);
                }
            }
        }
        throw new AssertionError(checkpoint + " has no state.json");
    }

    private static Optional<Path> runDirUnder(Path out) throws IOException {
        Path experiment = out.resolve(EXPERIMENT);
        if (!Files.isDirectory(experiment)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(experiment)) {
            List<Path> all = dirs.filter(Files::isDirectory).toList();
            return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
        }
    }

    // --- the comparison -----------------------------------------------------------------------------------------

    private static void assertSameRun(Path a, Path b, String nameA, String nameB, String context) throws IOException {
        assertSameText("metrics.csv", normalizedCsv(a.resolve("metrics.csv")), normalizedCsv(b.resolve("metrics.csv")),
                a, b, nameA, nameB, context);
        assertSameText("metrics.json", normalizedJson(a.resolve("metrics.json")),
                normalizedJson(b.resolve("metrics.json")), a, b, nameA, nameB, context);
        Map<String, byte[]> arraysA = checkpointArrays(a.resolve("checkpoints").resolve("last.zip"));
        Map<String, byte[]> arraysB = checkpointArrays(b.resolve("checkpoints").resolve("last.zip"));
        assertEquals(arraysA.keySet(), arraysB.keySet(), "the checkpoints hold different arrays");
        List<String> differ = arraysA.keySet().stream().filter(k -> !Arrays.equals(arraysA.get(k), arraysB.get(k)))
                .toList();
        assertTrue(differ.isEmpty(), "the final checkpoints' arrays differ in " + differ.size() + " of "
                + arraysA.size() + " entries " + differ + " between " + nameA + " (" + a + ") and " + nameB + " ("
                + b + "); " + context);
    }

    private static void assertSameText(String file, String textA, String textB, Path a, Path b, String nameA,
                                       String nameB, String context) {
        if (textA.equals(textB)) {
            return;
        }
        List<String> linesA = textA.lines().toList();
        List<String> linesB = textB.lines().toList();
        int line = IntStream.range(0, Math.min(linesA.size(), linesB.size()))
                .filter(i -> !linesA.get(i).equals(linesB.get(i))).findFirst()
                .orElse(Math.min(linesA.size(), linesB.size()));
        fail(file + " differs (wall-clock seconds left out) between " + nameA + " and " + nameB
                + ", first at line " + (line + 1) + ":\n"
                + "--- " + nameA + ": " + a.resolve(file) + "\n" + textA
                + "--- " + nameB + ": " + b.resolve(file) + "\n" + textB
                + "--- " + context);
    }

    /** The CSV without any column headed {@code seconds}, lines ending in '\n'. */
    static String normalizedCsv(Path csv) throws IOException {
        assertTrue(Files.exists(csv), csv + " is missing");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return "";
        }
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<Integer> keep = IntStream.range(0, header.size()).filter(i -> !header.get(i).strip().equals("seconds"))
                .boxed().toList();
        StringBuilder s = new StringBuilder();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            s.append(keep.stream().map(i -> i < cells.length ? cells[i] : "<missing>")
                    .collect(Collectors.joining(","))).append('\n');
        }
        return s.toString();
    }

    /** The JSON without keys ending in {@code seconds} (at any depth), numbers exactly as written. */
    static String normalizedJson(Path json) throws IOException {
        assertTrue(Files.exists(json), json + " is missing");
        ObjectMapper exact = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true)).enable(SerializationFeature.INDENT_OUTPUT);
        JsonNode tree = exact.readTree(json.toFile());
        dropSeconds(tree);
        return exact.writeValueAsString(tree) + "\n";
    }

    private static void dropSeconds(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                if (names.next().endsWith("seconds")) {
                    names.remove();
                }
            }
        }
        node.forEach(FreshJvmDeterminismTest::dropSeconds);
    }

    /** The checkpoint's parameter and Adam arrays ({@code params/...}, {@code adam/...}) as stored. */
    private static Map<String, byte[]> checkpointArrays(Path checkpoint) throws IOException {
        assertTrue(Files.exists(checkpoint), checkpoint + " is missing");
        Map<String, byte[]> arrays = new TreeMap<>();
        try (InputStream in = Files.newInputStream(checkpoint); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!e.getName().equals("state.json")) { // its history holds each epoch's seconds
                    arrays.put(e.getName(), zip.readAllBytes());
                }
            }
        }
        return arrays;
    }

    // --- the children -------------------------------------------------------------------------------------------

    /** The directory that holds {@code mnist/}; skips the test when MNIST is not available. */
    private static Path dataRoot() {
        Optional<Path> images = DataDir.resolve().find("mnist/train-images-idx3-ubyte.gz");
        assumeTrue(images.isPresent(), "MNIST not available");
        return images.get().toAbsolutePath().getParent().getParent();
    }

    private ChildJvm start(Path logs, String name, int threads, List<String> cliArgs) throws IOException {
        return start(logs, name, threads, cliArgs, Map.of());
    }

    private ChildJvm start(Path logs, String name, int threads, List<String> cliArgs, Map<String, String> env)
            throws IOException {
        ChildJvm child = ChildJvm.start(logs, name, threads, cliArgs, env);
        children.add(child);
        return child;
    }

    private static List<String> withOut(List<String> args, Path out) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--out", out.toString()));
        return all;
    }

    /** The {@code ae4j} CLI in a child JVM, its standard output and error going to files in {@code logs}. */
    record ChildJvm(String name, Process process, Path stdout, Path stderr, long started) {
        static ChildJvm start(Path logs, String name, int threads, List<String> cliArgs, Map<String, String> env)
                throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", "-Xmx2g",
                    "-cp", System.getProperty("java.class.path"), Ae4j.class.getName()));
            command.addAll(cliArgs);
            Path stdout = logs.resolve(name + ".out");
            Path stderr = logs.resolve(name + ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().put("AE4J_THREADS", Integer.toString(threads));
            builder.environment().put("OMP_NUM_THREADS", "1");
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            return new ChildJvm(name, process, stdout, stderr, System.nanoTime());
        }

        /** Waits for a successful end and returns the run directory, the last line of standard output. */
        Path awaitRunDir() throws Exception {
            if (!process.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
                fail(name + " did not finish in " + CHILD_TIMEOUT_MINUTES + " minutes (killed); " + describe());
            }
            assertEquals(0, process.exitValue(), name + " failed; " + describe());
            List<String> lines = Files.readAllLines(stdout).stream().filter(l -> !l.isBlank()).toList();
            assertTrue(!lines.isEmpty(), name + " printed no run directory; " + describe());
            Path dir = Path.of(lines.get(lines.size() - 1));
            assertTrue(Files.isDirectory(dir), name + "'s last line is not a directory: " + dir + "; " + describe());
            return dir;
        }

        /** The last lines of standard error. */
        String stderrTail() {
            try {
                List<String> lines = Files.exists(stderr) ? Files.readAllLines(stderr) : List.of();
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
            } catch (IOException e) {
                return "(cannot read " + stderr + ": " + e.getMessage() + ")";
            }
        }

        /** Its name, exit state, time and the tail of its standard error, for failure messages. */
        String describe() {
            String state = process.isAlive() ? "still running" : "exit code " + process.exitValue();
            return name + " (" + state + ", " + String.format("%.1f", (System.nanoTime() - started) / 1e9)
                    + " s after its start, stderr " + stderr + ") stderr ends:\n" + stderrTail() + "\n";
        }
    }
}
