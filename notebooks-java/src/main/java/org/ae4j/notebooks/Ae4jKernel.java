package org.ae4j.notebooks;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;

/**
 * A Jupyter kernel for Java: each cell is evaluated by JShell, in this JVM (JShell's "local" engine), with the
 * kernel's class path (ae4j and its dependencies) and the start-up snippets ({@link Walkthrough#startup()}: imports, thread settings) evaluated. {@link Show} sends
 * figures and tables to the notebook. Started by Jupyter through the kernel spec {@code scripts/jupyter} writes:
 * {@code java -cp ... org.ae4j.notebooks.Ae4jKernel CONNECTION_FILE}.
 */
public final class Ae4jKernel extends BaseKernel {
    private final JShell shell;

    private Ae4jKernel(String name, String version, org.dflib.jjava.jupyter.kernel.history.HistoryManager history,
                       org.dflib.jjava.jupyter.kernel.JupyterIO io, org.dflib.jjava.jupyter.kernel.comm.CommManager comms,
                       org.dflib.jjava.jupyter.kernel.display.Renderer renderer, MagicParser magics,
                       org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry registry,
                       org.dflib.jjava.jupyter.kernel.util.StringStyler errors) {
        super(name, version, new LanguageInfo.Builder("java").version(Runtime.version().toString())
                        .mimetype("text/x-java-source").fileExtension(".jshell").pygments("java").codemirror("text/x-java")
                        .build(), List.of(), history, io, comms, renderer, magics, registry, false, errors);
        shell = newShell();
        Show.sink(this::display);
    }

    /** A JShell that runs snippets in this JVM with this JVM's class path and the walk-throughs' imports. */
    static JShell newShell() {
        JShell shell = JShell.builder().executionEngine("local").build();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                shell.addToClasspath(entry);
            }
        }
        try {
            evaluate(shell, Walkthrough.startup());
        } catch (CellException e) {
            throw new IllegalStateException("the start-up snippets do not evaluate: " + e.getMessage(), e);
        }
        return shell;
    }

    /**
     * Evaluates {@code code} snippet by snippet and returns the value of the last expression (null for none);
     * a snippet that does not compile or throws stops the cell with that error.
     */
    static String evaluate(JShell shell, String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = code;
        String value = null;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) {
                throw new CellException("incomplete statement: " + remaining.strip());
            }
            value = null;
            for (SnippetEvent event : shell.eval(info.source())) {
                if (event.exception() != null) {
                    throw describe(event.exception());
                }
                if (event.status() == Snippet.Status.REJECTED) {
                    String messages = shell.diagnostics(event.snippet()).map(d -> message(d, event.snippet()))
                            .collect(Collectors.joining("\n"));
                    throw new CellException("does not compile:\n" + messages);
                }
                // An expression's value: a bare reference, or an expression JShell binds to a temporary $n.
                Snippet.SubKind sub = event.snippet().subKind();
                if (event.causeSnippet() == null && (sub == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                        || sub == Snippet.SubKind.VAR_VALUE_SUBKIND || sub == Snippet.SubKind.OTHER_EXPRESSION_SUBKIND)) {
                    value = event.value();
                }
            }
            remaining = info.remaining();
        }
        return value;
    }

    private static String message(Diag d, Snippet s) {
        String source = s.source();
        int start = (int) Math.max(0, Math.min(source.length(), d.getStartPosition()));
        int end = (int) Math.max(start, Math.min(source.length(), d.getEndPosition()));
        return d.getMessage(null) + (end > start ? "\n  at: " + source.substring(start, end) : "");
    }

    private static CellException describe(jdk.jshell.JShellException e) {
        if (e instanceof EvalException ee) {
            CellException c = new CellException(ee.getExceptionClassName() + ": " + ee.getMessage());
            c.setStackTrace(ee.getStackTrace());
            return c;
        }
        if (e instanceof UnresolvedReferenceException ure) {
            return new CellException("unresolved reference in " + ure.getSnippet().source());
        }
        return new CellException(e.toString());
    }

    /** What went wrong in a cell, as JShell reports it. */
    static final class CellException extends RuntimeException {
        CellException(String message) {
            super(message);
        }
    }

    @Override
    public Object evalRaw(String code) {
        String value = evaluate(shell, code);
        return value == null ? null : new DisplayData(value);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> candidates = new ArrayList<>();
        shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor)
                .forEach(s -> candidates.add(s.continuation()));
        return candidates.isEmpty() ? null : new ReplacementOptions(candidates.stream().distinct().toList(), anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        return switch (shell.sourceCodeAnalysis().analyzeCompletion(code).completeness()) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> IS_COMPLETE_YES;
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> IS_COMPLETE_MAYBE;
            case UNKNOWN -> IS_COMPLETE_BAD;
        };
    }

    @Override
    public void onShutdown(boolean restarting) {
        shell.close();
    }

    private static final class Builder extends BaseKernelBuilder<Builder, Ae4jKernel> {
        @Override
        public Ae4jKernel build() {
            return new Ae4jKernel(buildName(), buildVersion(), buildHistoryManager(), buildJupyterIO(buildJupyterIOEncoding()),
                    buildCommManager(), buildRenderer(), new MagicParser("(?<=(?:^|=))\\s*%", "%%", buildMagicTranspiler()),
                    buildMagicsRegistry(), buildErrorStyler());
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
            throw new IllegalArgumentException("usage: Ae4jKernel CONNECTION_FILE (Jupyter passes it; see scripts/jupyter)");
        }
        org.ae4j.core.engine.Backend.configure();
        var properties = KernelConnectionProperties.parse(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        JupyterConnection connection = new JupyterConnection(properties);
        Ae4jKernel kernel = new Builder().name("ae4j").version("0.1.0").build();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }
}
