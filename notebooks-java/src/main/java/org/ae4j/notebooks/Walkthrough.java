package org.ae4j.notebooks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ae4j.core.runs.Json;

/**
 * A walk-through kept once, as a JShell script ({@code notebooks-java/*.jsh}) that {@code scripts/jshell FILE}
 * runs, and turned into the Jupyter notebook beside it ({@code *.ipynb}, same name). Cells start at a line
 * {@code // %%} (code) or {@code // %% [markdown]} (the lines after it, each starting with {@code //}, are the
 * Markdown); a last line {@code /exit} ends the script in JShell and is not a cell.
 */
public record Walkthrough(List<Cell> cells) {
    public static final String KERNEL = "ae4j";
    private static final String CODE = "// %%";
    private static final String MARKDOWN = "// %% [markdown]";

    /** A notebook cell: Markdown or Java source, without trailing blank lines. */
    public record Cell(boolean markdown, String source) {
    }

    public Walkthrough {
        cells = List.copyOf(cells);
    }

    /** Reads a walk-through script; fails with the line number on text outside cells or non-comment Markdown. */
    public static Walkthrough parse(String script, String name) {
        List<String> lines = script.lines().toList();
        int last = lines.size();
        while (last > 0 && (lines.get(last - 1).isBlank() || lines.get(last - 1).strip().equals("/exit"))) {
            last--;
        }
        List<Cell> cells = new ArrayList<>();
        Boolean markdown = null;
        List<String> body = new ArrayList<>();
        for (int i = 0; i < last; i++) {
            String line = lines.get(i);
            if (line.strip().equals(MARKDOWN) || line.strip().equals(CODE)) {
                if (markdown != null) {
                    cells.add(cell(markdown, body));
                }
                markdown = line.strip().equals(MARKDOWN);
                body.clear();
            } else if (markdown == null) {
                if (!line.isBlank()) {
                    throw new IllegalArgumentException(name + ":" + (i + 1) + ": text before the first '// %%' cell marker");
                }
            } else if (markdown) {
                if (!line.isBlank() && !line.stripLeading().startsWith("//")) {
                    throw new IllegalArgumentException(name + ":" + (i + 1) + ": a Markdown cell's lines must start with //");
                }
                String text = line.stripLeading();
                body.add(text.isEmpty() ? "" : text.substring(2).startsWith(" ") ? text.substring(3) : text.substring(2));
            } else {
                body.add(line);
            }
        }
        if (markdown != null) {
            cells.add(cell(markdown, body));
        }
        if (cells.stream().noneMatch(c -> !c.markdown())) {
            throw new IllegalArgumentException(name + ": no code cell");
        }
        return new Walkthrough(cells);
    }

    private static Cell cell(boolean markdown, List<String> body) {
        int end = body.size();
        while (end > 0 && body.get(end - 1).isBlank()) {
            end--;
        }
        int start = 0;
        while (start < end && body.get(start).isBlank()) {
            start++;
        }
        return new Cell(markdown, String.join("\n", body.subList(start, end)));
    }

    public static Walkthrough read(Path script) throws IOException {
        return parse(Files.readString(script, StandardCharsets.UTF_8), script.toString());
    }

    /** The Java source of the code cells, in order: what a test or JShell evaluates. */
    public List<String> code() {
        return cells.stream().filter(c -> !c.markdown()).map(Cell::source).toList();
    }

    /** This walk-through as an nbformat 4.5 notebook for the {@value #KERNEL} kernel, without outputs. */
    public ObjectNode notebook() {
        ObjectNode nb = Json.MAPPER.createObjectNode();
        ArrayNode cellsNode = nb.putArray("cells");
        int n = 0;
        for (Cell c : cells) {
            ObjectNode cell = cellsNode.addObject();
            cell.put("cell_type", c.markdown() ? "markdown" : "code");
            if (!c.markdown()) {
                cell.putNull("execution_count");
            }
            cell.put("id", String.format("cell-%02d", ++n));
            cell.putObject("metadata");
            if (!c.markdown()) {
                cell.putArray("outputs");
            }
            ArrayNode source = cell.putArray("source");
            List<String> lines = c.source().lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                source.add(lines.get(i) + (i + 1 < lines.size() ? "\n" : ""));
            }
        }
        ObjectNode metadata = nb.putObject("metadata");
        ObjectNode kernel = metadata.putObject("kernelspec");
        kernel.put("display_name", "Java (ae4j)").put("language", "java").put("name", KERNEL);
        metadata.putObject("language_info").put("name", "java").put("file_extension", ".jshell")
                .put("mimetype", "text/x-java-source");
        nb.put("nbformat", 4).put("nbformat_minor", 5);
        return nb;
    }

    /** The start-up snippets shared by scripts/jshell, the kernel and the tests: imports and thread settings. */
    public static String startup() {
        try (InputStream in = Walkthrough.class.getResourceAsStream("startup.jsh")) {
            if (in == null) {
                throw new IllegalStateException("startup.jsh is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes {@code X.ipynb} beside each given {@code X.jsh}: {@code Walkthrough notebooks-java/*.jsh}. */
    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            Path script = Path.of(arg);
            String name = script.getFileName().toString();
            if (!name.endsWith(".jsh")) {
                throw new IllegalArgumentException(arg + " is not a .jsh walk-through");
            }
            Path notebook = script.resolveSibling(name.substring(0, name.length() - 4) + ".ipynb");
            Files.writeString(notebook, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(read(script).notebook())
                    + "\n", StandardCharsets.UTF_8);
            System.out.println(notebook);
        }
    }
}
