package org.ae4j.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of an experiment's repeated runs (one per dataset, model and seed), one CSV row each,
 * appended and flushed as each run finishes: an interrupted experiment resumed with {@code --resume}
 * skips the runs it already has, and a crash loses at most the run in progress.
 *
 * <p>File format: a header {@code run,<metric>,...}, then one row per run keyed by its id.
 */
public final class CompletedRuns {
    private final Path file;
    private final List<String> metrics;
    private final Map<String, Map<String, Double>> rows = new LinkedHashMap<>();

    private CompletedRuns(Path file, List<String> metrics) {
        this.file = file;
        this.metrics = List.copyOf(metrics);
    }

    /** Reads {@code file} if it exists (checking its header names {@code metrics}), else starts it. */
    public static CompletedRuns open(Path file, List<String> metrics) throws IOException {
        CompletedRuns runs = new CompletedRuns(file, metrics);
        String header = "run," + String.join(",", metrics);
        if (!Files.exists(file)) {
            Files.writeString(file, header + "\n", StandardCharsets.UTF_8);
            return runs;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new IOException(file + ": expected the header '" + header + "', found '"
                    + (lines.isEmpty() ? "" : lines.get(0)) + "'");
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != metrics.size() + 1) {
                // A row cut short by a crash: that run is simply done again.
                continue;
            }
            Map<String, Double> row = new LinkedHashMap<>();
            try {
                for (int m = 0; m < metrics.size(); m++) {
                    row.put(metrics.get(m), Double.parseDouble(cells[m + 1]));
                }
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + (i + 1) + ": not a number in '" + lines.get(i) + "'", e);
            }
            runs.rows.put(cells[0], Collections.unmodifiableMap(row));
        }
        if (!text.endsWith("\n") || runs.rows.size() != lines.size() - 1) {
            runs.rewrite(header); // drop the cut row so that the next one starts on a line of its own
        }
        return runs;
    }

    private void rewrite(String header) throws IOException {
        StringBuilder text = new StringBuilder(header).append('\n');
        for (var row : rows.entrySet()) {
            text.append(line(row.getKey(), row.getValue())).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private String line(String run, Map<String, Double> values) {
        List<String> cells = new ArrayList<>(List.of(run));
        for (String m : metrics) {
            cells.add(Double.toString(values.get(m)));
        }
        return String.join(",", cells);
    }

    public boolean contains(String run) {
        return rows.containsKey(run);
    }

    /** The metrics of a finished run. */
    public Map<String, Double> get(String run) {
        Map<String, Double> row = rows.get(run);
        if (row == null) {
            throw new IllegalArgumentException("no finished run '" + run + "' in " + file);
        }
        return row;
    }

    /** The metrics of {@code run}: those recorded, else {@code measurement}'s, recorded and appended at once. */
    public Map<String, Double> computeIfAbsent(String run, Measurement measurement) throws Exception {
        if (!contains(run)) {
            add(run, measurement.measure());
        }
        return get(run);
    }

    /** One run, measured. */
    @FunctionalInterface
    public interface Measurement {
        Map<String, Double> measure() throws Exception;
    }

    /** Records a finished run and appends it to the file at once. */
    public void add(String run, Map<String, Double> values) throws IOException {
        if (run.contains(",") || run.contains("\n")) {
            throw new IllegalArgumentException("run ids may not contain commas or newlines: '" + run + "'");
        }
        if (!values.keySet().equals(new java.util.HashSet<>(metrics))) {
            throw new IllegalArgumentException("run '" + run + "' has metrics " + values.keySet() + ", expected " + metrics);
        }
        Files.writeString(file, line(run, values) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Map<String, Double> row = new LinkedHashMap<>();
        metrics.forEach(m -> row.put(m, values.get(m)));
        rows.put(run, Collections.unmodifiableMap(row)); // in the columns' order, as read back on a resume
    }
}
