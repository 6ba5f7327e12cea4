package org.ae4j.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.ae4j.core.runs.Json;
import org.ae4j.core.runs.RunDir;
import org.ae4j.experiments.Experiments;
import org.ae4j.experiments.RunOptions;

/**
 * Runs the lecture's experiments one after another into one output folder, {@code <out>/<experiment>/<run>}.
 * A failing experiment is recorded and the rest still run. Started again on the same folder, it keeps every
 * finished run with the same settings and resumes an interrupted one from its checkpoints, so a long
 * {@code --full} reproduction survives being stopped.
 */
public final class Reproduction {
    /** The folder under the output folder that holds each experiment's log. */
    public static final String LOGS = "logs";

    /** How one experiment ended. */
    public enum Status { RAN, KEPT, FAILED }

    /**
     * One experiment's part: its run directory (null when it failed before making one), wall-clock seconds
     * spent now, and the error's message when it failed.
     */
    public record Outcome(String experiment, Status status, Path runDir, double seconds, String error) {
        public Outcome {
            if (status == Status.FAILED && error == null) {
                throw new IllegalArgumentException("a failed outcome needs its error");
            }
        }
    }

    /**
     * @param quick       each experiment's quick setting (else its published-length one)
     * @param epochs      overrides every experiment's epoch count (null: theirs)
     * @param experiments the experiments to run, in order
     * @param fresh       start new runs even where finished ones exist
     */
    public record Settings(boolean quick, Integer epochs, long seed, Path dataDir, Path out, List<String> experiments,
                           boolean fresh) {
        public Settings {
            experiments = List.copyOf(experiments);
            if (experiments.isEmpty()) {
                throw new IllegalArgumentException("no experiments to reproduce");
            }
            for (String name : experiments) {
                if (Experiments.byName(name).isEmpty()) {
                    throw new IllegalArgumentException("unknown experiment '" + name + "'; known: "
                            + Experiments.names());
                }
            }
            new RunOptions(epochs, seed, dataDir, quick); // validates the epoch count
        }
    }

    private Reproduction() {
    }

    /**
     * Runs {@code settings.experiments()} in order, each in a JVM of its own (this JVM's options and class path):
     * an experiment that runs out of memory or crashes takes only itself down, and each starts with all the
     * memory. Their logs go to {@code <out>/logs/<experiment>.log}; {@code progress} gets a line as each starts
     * and ends.
     *
     * @param cli the command line's main class, whose {@code run} command each child JVM runs
     */
    public static List<Outcome> run(Settings settings, Class<?> cli, PrintWriter progress) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        int n = settings.experiments().size();
        Path logs = Files.createDirectories(settings.out().resolve(LOGS));
        for (int i = 0; i < n; i++) {
            String name = settings.experiments().get(i);
            String position = String.format("[%" + String.valueOf(n).length() + "d/%d] %s", i + 1, n, name);
            Optional<Path> previous = settings.fresh() ? Optional.empty() : latestRun(settings, name);
            if (previous.isPresent() && Files.exists(previous.get().resolve(RunDir.METRICS_JSON))) {
                progress.printf("%s: kept %s%n", position, previous.get());
                progress.flush();
                outcomes.add(new Outcome(name, Status.KEPT, previous.get(), 0, null));
                continue;
            }
            progress.printf("%s: %s%s%n", position, previous.isPresent() ? "resuming " + previous.get() : "running",
                    settings.quick() ? " (quick)" : "");
            progress.flush();
            long start = System.nanoTime();
            Path log = logs.resolve(name + ".log");
            Outcome outcome = runChild(settings, cli, name, previous, log, start);
            if (outcome.status() == Status.FAILED) {
                progress.printf("%s: FAILED after %s: %s (log: %s)%n", position, duration(outcome.seconds()), outcome.error(), log);
            } else {
                progress.printf("%s: done in %s%n", position, duration(outcome.seconds()));
            }
            progress.flush();
            outcomes.add(outcome);
        }
        return outcomes;
    }

    private static Outcome runChild(Settings s, Class<?> cli, String name, Optional<Path> previous, Path log, long start)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-javaagent")) { // no second debugger
                command.add(option);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), cli.getName(), "run"));
        if (previous.isPresent()) {
            command.addAll(List.of("--resume", previous.get().toString()));
        } else {
            command.addAll(List.of(name, "--seed", Long.toString(s.seed()), "--out", s.out().toString()));
            if (s.quick()) {
                command.add("--quick");
            }
        }
        if (s.epochs() != null) {
            command.addAll(List.of("--epochs", s.epochs().toString()));
        }
        if (s.dataDir() != null) {
            command.addAll(List.of("--data-dir", s.dataDir().toString()));
        }
        Process child = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Thread stopChild = new Thread(child::destroy, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(stopChild); // Ctrl-C on the reproduction stops the experiment too
        String out;
        int code;
        try {
            out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            code = child.waitFor();
        } catch (InterruptedException e) {
            child.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + name, e);
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopChild);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        if (code == 0 && !lines.isEmpty() && Files.isDirectory(Path.of(lines.get(lines.size() - 1)))) {
            return new Outcome(name, Status.RAN, Path.of(lines.get(lines.size() - 1)), seconds, null);
        }
        // The child's own one-line error is the last line of its log; a JVM killed from outside has none.
        List<String> logLines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        String last = logLines.isEmpty() ? "" : logLines.get(logLines.size() - 1);
        String error = last.startsWith("ae4j: ") ? last.substring("ae4j: ".length())
                : "the experiment's JVM exited with code " + code + (code > 128 ? " (killed by signal " + (code - 128)
                        + (code == 137 ? ", e.g. out of memory" : "") + ")" : "");
        return new Outcome(name, Status.FAILED, latestRun(s, name).orElse(null), seconds, error);
    }

    /**
     * The newest run of {@code experiment} under the output folder made with these settings (quick or not,
     * seed, epochs), finished or not.
     */
    private static Optional<Path> latestRun(Settings settings, String experiment) {
        return newestRun(settings.out().resolve(experiment), d -> sameSettings(d, settings));
    }

    /** The newest run directory in {@code folder} (names start with the start time) that {@code which} accepts. */
    static Optional<Path> newestRun(Path folder, Predicate<Path> which) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(folder)) {
            return runs.filter(which).max(Path::compareTo);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static boolean sameSettings(Path run, Settings settings) {
        Path config = run.resolve(RunDir.CONFIG);
        if (!Files.isRegularFile(config)) {
            return false;
        }
        JsonNode options = Json.read(config, JsonNode.class).path("options");
        JsonNode epochs = options.path("epochs");
        return options.path("quick").asBoolean() == settings.quick() && options.path("seed").asLong() == settings.seed()
                && (settings.epochs() == null ? epochs.isNull() || epochs.isMissingNode()
                        : epochs.asInt() == settings.epochs());
    }

    /** "42.0 s", "3 min 05 s" or "1 h 02 min". */
    public static String duration(double seconds) {
        if (seconds < 60) {
            return String.format("%.1f s", seconds);
        }
        long s = Math.round(seconds);
        return s < 3600 ? String.format("%d min %02d s", s / 60, s % 60) : String.format("%d h %02d min", s / 3600, s % 3600 / 60);
    }
}
