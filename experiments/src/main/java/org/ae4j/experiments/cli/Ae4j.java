package org.ae4j.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.engine.Backend;
import org.ae4j.core.runs.Json;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.Experiments;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.bench.Benchmarks;
import org.ae4j.experiments.check.EngineCheck;
import org.ae4j.experiments.report.Lecture;
import org.ae4j.experiments.report.Report;
import org.ae4j.experiments.report.Reproduction;
import org.ae4j.experiments.report.ResultsPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * The {@code ae4j} command line: {@code list} the experiments, {@code run} one, {@code reproduce} the lecture,
 * {@code bench} a workload, {@code engine-check} a backend against the CPU's fixtures, {@code run-configurations}
 * checks or writes the IntelliJ run configurations. Errors print one line
 * on standard error and exit non-zero (a stack trace only with {@code --verbose}); a successful run
 * prints its run directory as the last line of standard output.
 */
@Command(name = "ae4j", mixinStandardHelpOptions = true, version = "ae4j 0.1.0 (ND4J/SameDiff 1.0.0-M2.1)",
        description = "Auto-encoders, VAEs and graph VAEs on ND4J/SameDiff: the lecture's experiments.",
        subcommands = {Ae4j.ListCommand.class, Ae4j.RunCommand.class, Ae4j.ReproduceCommand.class,
                Ae4j.ReportCommand.class, Ae4j.BenchCommand.class, Ae4j.EngineCheckCommand.class,
                Ae4j.RunConfigurationsCommand.class})
public final class Ae4j implements Runnable {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the CLI with the given standard output and error and returns its exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        Ae4j root = new Ae4j();
        CommandLine cli = new CommandLine(root).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("ae4j: " + oneLine(e));
            if (root.verbose) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return 1;
        });
        cli.setParameterExceptionHandler((e, ignored) -> {
            e.getCommandLine().getErr().println("ae4j: " + oneLine(e) + " (see --help)");
            e.getCommandLine().getErr().flush();
            return 2;
        });
        return cli.execute(args);
    }

    /** The exception's message on one line (its class name when it has none). */
    public static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // Messages that list what was searched span lines; the console gets them joined on one.
        return message.lines().map(String::strip).filter(l -> !l.isEmpty())
                .collect(java.util.stream.Collectors.joining(" "));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the experiments with a one-line description.")
    static final class ListCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            for (Experiment e : Experiments.all()) {
                spec.commandLine().getOut().printf("%-24s %s%n", e.name(), e.description());
            }
        }
    }

    /** The --data-dir option of every command that reads data. */
    static final class DataOption {
        @Option(names = "--data-dir", description = "Data directory (else $AE4J_DATA, ~/.ae4j/data, ../shared/datasets).")
        private Path dataDir;

        /** The --data-dir given, or null; refused when it is not a directory. */
        Path dataDir() {
            if (dataDir != null && !java.nio.file.Files.isDirectory(dataDir)) {
                throw new IllegalArgumentException("--data-dir " + dataDir + " is not a directory");
            }
            return dataDir;
        }

        /** Where data is read from: --data-dir, else the default search. */
        DataDir resolve() {
            return DataDir.resolve(dataDir());
        }
    }

    /** The options {@code run} and {@code reproduce} share. */
    static final class SeedAndData {
        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @CommandLine.Mixin
        private DataOption data;

        /** The --data-dir given, or null; refused when it is not a directory. */
        Path dataDir() {
            return data.dataDir();
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Time a workload in steady state; the last line is one JSON object (see docs/performance.md).")
    static final class BenchCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "WORKLOAD", description = "One of: vae-mnist, deep-ae-mnist, vgae-cora, pca-mnist.")
        String workload;

        @Option(names = "--seconds", defaultValue = "10", description = "Seconds of timed iterations after warm-up (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--batch", defaultValue = "128", description = "Minibatch size of the MNIST workloads (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--threads", description = "Threads for matrix products (default: $AE4J_THREADS, else all processors).")
        Integer threads;

        @CommandLine.Mixin
        DataOption data;

        @Option(names = "--profile", paramLabel = "N", defaultValue = "0",
                description = "Also report the N slowest ops of the compiled training step.")
        int profile;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Benchmarks.Settings settings = new Benchmarks.Settings(workload, seconds, batch,
                    threads == null ? Backend.defaultThreads() : threads, data.resolve(), profile);
            Map<String, Object> result = Benchmarks.run(settings);
            PrintWriter out = spec.commandLine().getOut();
            out.println(Benchmarks.summary(result));
            out.println(Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(result));
            out.flush();
            return 0;
        }
    }

    @Command(name = "engine-check", mixinStandardHelpOptions = true, description = {
            "Check a backend against the CPU (see scripts/cuda-check): --write DIR saves reference fixtures on the CPU"
                    + " build; --compare DIR recomputes them with this process's engine and prints one PASS/FAIL line per"
                    + " check, exiting 0 only when all pass."})
    static final class EngineCheckCommand implements Callable<Integer> {
        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Mode mode;

        static final class Mode {
            @Option(names = "--write", paramLabel = "DIR", description = "Write the reference fixtures into DIR.")
            Path write;

            @Option(names = "--compare", paramLabel = "DIR", description = "Compare this process against DIR's fixtures.")
            Path compare;
        }

        @Option(names = "--steps", paramLabel = "N", description = "Training steps of the MNIST VAE's loss curve, with"
                + " --write (default: " + EngineCheck.DEFAULT_STEPS + "; --compare runs the fixture's count).")
        Integer steps;

        @CommandLine.Mixin
        DataOption data;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            DataDir dataDir = data.resolve();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (mode.write != null) {
                EngineCheck.write(mode.write, dataDir, steps == null ? EngineCheck.DEFAULT_STEPS : steps,
                        out, err);
                return 0;
            }
            if (steps != null) {
                throw new IllegalArgumentException("--steps applies to --write; --compare runs the fixture's step count");
            }
            var checks = EngineCheck.compare(mode.compare, dataDir, err);
            checks.forEach(c -> out.println(c.line()));
            long failed = checks.stream().filter(c -> c.verdict() == EngineCheck.Verdict.FAIL).count();
            long judged = checks.stream().filter(c -> c.verdict() != EngineCheck.Verdict.INFO).count();
            out.println(failed == 0 ? "engine-check: all " + judged + " checks passed"
                    : "engine-check: " + failed + " of " + judged + " checks FAILED");
            out.flush();
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run one experiment; prints its run directory last.")
    static final class RunCommand implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT", description = "Name from `ae4j list`.")
        String experiment;

        @Option(names = "--epochs", description = "Training epochs (default: the experiment's).")
        Integer epochs;

        @CommandLine.Mixin
        SeedAndData common;

        @Option(names = "--out", defaultValue = "runs", description = "Output root (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--quick", description = "A short run on fewer examples and epochs.")
        boolean quick;

        @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted run from its last checkpoint.")
        Path resume;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Backend.configure();
            common.dataDir(); // a --data-dir that is not a directory is refused before anything is written
            RunContext context = resume != null ? resumed() : fresh();
            Experiments.byName(context.experiment()).orElseThrow().run(context);
            spec.commandLine().getOut().println(context.dir().path().toAbsolutePath());
            spec.commandLine().getOut().flush();
            return 0;
        }

        private RunContext fresh() {
            if (experiment == null) {
                throw new IllegalArgumentException("name an experiment (see `ae4j list`) or give --resume RUN_DIR");
            }
            Experiment e = Experiments.byName(experiment).orElseThrow(() -> new IllegalArgumentException(
                    "unknown experiment '" + experiment + "'; known: "
                            + Experiments.all().stream().map(Experiment::name).toList()));
            return RunContext.create(e, new RunOptions(epochs, common.seed, common.dataDir(), quick), out,
                    spec.commandLine().getParseResult().originalArgs());
        }

        private RunContext resumed() {
            RunContext context = RunContext.resume(resume, epochs, common.dataDir());
            if (experiment != null && !experiment.equals(context.experiment())) {
                throw new IllegalArgumentException(resume + " is a run of '" + context.experiment() + "', not '"
                        + experiment + "'");
            }
            return context;
        }
    }

    @Command(name = "reproduce", mixinStandardHelpOptions = true, description = {
            "Run every lecture experiment in order and write report/index.html; prints the report's path last.",
            "Started again on the same --out, it keeps finished runs and resumes an interrupted one."})
    static final class ReproduceCommand implements Callable<Integer> {
        @CommandLine.ArgGroup(exclusive = true)
        Length length;

        static final class Length {
            @Option(names = "--quick", description = "Each experiment's quick setting (the default; minutes).")
            boolean quick;

            @Option(names = "--full", description = "The published-length settings (hours).")
            boolean full;
        }

        @Option(names = "--out", description = "Output folder (default: runs/reproduce-quick or runs/reproduce-full).")
        Path out;

        @CommandLine.Mixin
        SeedAndData common;

        @Option(names = "--only", split = ",", paramLabel = "EXPERIMENT", description = "Only these experiments (comma-separated), in the lecture's order.")
        java.util.List<String> only;

        @Option(names = "--epochs", description = "Override every experiment's epoch count (a trial run).")
        Integer epochs;

        @Option(names = "--fresh", description = "Start new runs even where finished ones exist.")
        boolean fresh;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Backend.configure();
            Path dataDir = common.dataDir();
            boolean quick = length == null || !length.full;
            Path folder = out != null ? out : Path.of("runs", quick ? "reproduce-quick" : "reproduce-full");
            java.util.List<String> names = Lecture.experiments();
            if (only != null) {
                for (String name : only) {
                    if (!names.contains(name)) {
                        throw new IllegalArgumentException("unknown experiment '" + name + "' in --only; known: " + names);
                    }
                }
                names = names.stream().filter(only::contains).toList();
            }
            var settings = new Reproduction.Settings(quick, epochs, common.seed, dataDir, folder, names, fresh);
            PrintWriter err = spec.commandLine().getErr();
            long start = System.nanoTime();
            var outcomes = Reproduction.run(settings, Ae4j.class, err);
            Path report = Report.write(folder, outcomes, quick);
            Path results = report.resolveSibling(ResultsPage.FILE);
            ResultsPage.write(folder, results);
            long failed = outcomes.stream().filter(o -> o.status() == Reproduction.Status.FAILED).count();
            long kept = outcomes.stream().filter(o -> o.status() == Reproduction.Status.KEPT).count();
            err.printf("%d experiments in %s: %d ran, %d kept from earlier, %d failed%n", outcomes.size(),
                    Reproduction.duration((System.nanoTime() - start) / 1e9), outcomes.size() - kept - failed, kept, failed);
            outcomes.stream().filter(o -> o.status() == Reproduction.Status.FAILED)
                    .forEach(o -> err.printf("  %s: %s%n", o.experiment(), o.error()));
            err.flush();
            spec.commandLine().getOut().println(report.toAbsolutePath());
            spec.commandLine().getOut().flush();
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true, description = {
            "Write the results page (Markdown) of a reproduction's folder: every experiment's headline metrics beside the"
                    + " published numbers, with each run's commit, date, machine, threads and engine.",
            "  ae4j report --results docs/results.md runs/reproduce-full"})
    static final class ReportCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FOLDER", description = "A reproduction's output folder (its --out).")
        Path folder;

        @Option(names = "--results", required = true, paramLabel = "FILE", description = "The Markdown file to write.")
        Path results;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var found = ResultsPage.write(folder, results);
            PrintWriter err = spec.commandLine().getErr();
            err.printf("%d of %d experiments have a finished run in %s%n", found.size(), Lecture.experiments().size(),
                    folder);
            err.flush();
            spec.commandLine().getOut().println(results.toAbsolutePath());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "run-configurations", mixinStandardHelpOptions = true, description = {
            "Check that the IntelliJ run configurations in .run/ are those the experiments generate (exit 1 if not);"
                    + " --write brings them up to date. Run it from the project root."})
    static final class RunConfigurationsCommand implements Callable<Integer> {
        @Option(names = "--write", description = "Write missing and changed configurations, delete stale ones.")
        boolean write;

        @Option(names = "--dir", paramLabel = "DIR", description = "The run configurations' folder (default: .run).")
        Path dir = RunConfigurations.FOLDER;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!java.nio.file.Files.isDirectory(dir)) {
                throw new IllegalArgumentException(dir.toAbsolutePath() + " is not a directory: run from the project"
                        + " root or give --dir");
            }
            PrintWriter out = spec.commandLine().getOut();
            var mismatches = write ? RunConfigurations.write(dir) : RunConfigurations.check(dir);
            for (RunConfigurations.Mismatch m : mismatches) {
                String done = !write ? "out of date" : m.difference() == RunConfigurations.Difference.STALE ? "deleted"
                        : "wrote";
                out.printf("%s: %s (%s)%n", done, dir.resolve(m.file()), m.difference().name().toLowerCase());
            }
            int count = RunConfigurations.all().size();
            if (mismatches.isEmpty()) {
                out.println("run-configurations: all " + count + " in " + dir + " are up to date");
            } else if (!write) {
                out.println("run-configurations: " + mismatches.size() + " out of date; regenerate with: "
                        + RunConfigurations.REGENERATE);
            }
            out.flush();
            return write || mismatches.isEmpty() ? 0 : 1;
        }
    }
}
