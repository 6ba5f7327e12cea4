package org.ae4j.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.ae4j.core.data.DataDir;
import org.ae4j.core.run.Backend;
import org.ae4j.core.run.Json;
import org.ae4j.core.run.Manifest;
import org.ae4j.core.run.RunDir;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.Experiments;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code ae4j} command line: {@code list} the experiments, {@code run} one. Errors print one line
 * on standard error and exit non-zero (a stack trace only with {@code --verbose}); a successful run
 * prints its run directory as the last line of standard output.
 */
@Command(name = "ae4j", mixinStandardHelpOptions = true, version = "ae4j 0.1.0 (ND4J/SameDiff 1.0.0-M2.1)",
        description = "Auto-encoders, VAEs and graph VAEs on ND4J/SameDiff: the lecture's experiments.",
        subcommands = {Ae4j.ListCommand.class, Ae4j.RunCommand.class})
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

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run one experiment; prints its run directory last.")
    static final class RunCommand implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT", description = "Name from `ae4j list`.")
        String experiment;

        @Option(names = "--epochs", description = "Training epochs (default: the experiment's).")
        Integer epochs;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--data-dir", description = "Data directory (else $AE4J_DATA, ~/.ae4j/data, ../shared/datasets).")
        Path dataDir;

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
            if (dataDir != null && !java.nio.file.Files.isDirectory(dataDir)) {
                throw new IllegalArgumentException("--data-dir " + dataDir + " is not a directory");
            }
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
            RunOptions options = new RunOptions(epochs, seed, dataDir, quick);
            DataDir data = DataDir.resolve(dataDir);
            RunDir dir = RunDir.create(out, e.name(), seed, LocalDateTime.now());
            dir.writeManifest(Manifest.now(e.name(), seed, Arrays.asList(spec.commandLine().getParseResult()
                    .originalArgs().toArray(String[]::new))));
            return new RunContext(e.name(), options, data, dir);
        }

        private RunContext resumed() {
            RunDir dir = RunDir.open(resume);
            var saved = Json.read(dir.path().resolve(RunDir.CONFIG), com.fasterxml.jackson.databind.JsonNode.class);
            String name = saved.path("experiment").asText();
            if (experiment != null && !experiment.equals(name)) {
                throw new IllegalArgumentException(resume + " is a run of '" + name + "', not '" + experiment + "'");
            }
            if (Experiments.byName(name).isEmpty()) {
                throw new IllegalArgumentException(resume + " names unknown experiment '" + name + "'");
            }
            RunOptions old = Json.MAPPER.convertValue(saved.path("options"), RunOptions.class);
            RunOptions options = new RunOptions(epochs != null ? epochs : old.epochs(), old.seed(),
                    dataDir != null ? dataDir : old.dataDir(), old.quick());
            return new RunContext(name, options, DataDir.resolve(options.dataDir()), dir);
        }
    }
}
