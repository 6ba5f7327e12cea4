package org.ae4j.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.ae4j.core.runs.Json;
import org.ae4j.core.runs.RunDir;
import org.ae4j.experiments.About.Published;
import org.ae4j.experiments.About;
import org.ae4j.experiments.report.Lecture.Topic;
import org.ae4j.experiments.report.Reproduction.Outcome;
import org.ae4j.experiments.report.Reproduction.Status;

/**
 * {@code report/index.html}: one section per lecture topic, each experiment with the claim it shows, its
 * figures captioned, our numbers beside the published ones, its own tables ({@code *.md} in the run
 * directory) and links to the run's config, manifest and metrics. Every link and image is relative, so the
 * output folder can be moved or archived whole. Plain HTML and CSS, no script.
 */
public final class Report {
    public static final String FOLDER = "report";
    public static final String INDEX = "index.html";

    private Report() {
    }

    /** Writes {@code <out>/report/index.html} for {@code outcomes} and returns its path. */
    public static Path write(Path out, List<Outcome> outcomes, boolean quick) throws IOException {
        Path folder = out.resolve(FOLDER);
        Files.createDirectories(folder);
        Map<String, Outcome> byExperiment = new LinkedHashMap<>();
        outcomes.forEach(o -> byExperiment.put(o.experiment(), o));
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>ae4j: the auto-encoder lecture, reproduced</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<h1>The auto-encoder lecture, reproduced with ae4j</h1>\n<p class=\"meta\">")
                .append(escape(quick ? "Quick settings (fewer examples and epochs): the trends, not the published numbers."
                        : "Full settings: the published-length runs."))
                .append(" Written ").append(escape(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)))
                .append(manifestLine(outcomes)).append(".</p>\n");
        summary(html, folder, byExperiment);
        for (Topic topic : Lecture.topics()) {
            List<About> present = topic.entries().stream().filter(e -> byExperiment.containsKey(e.name())).toList();
            if (present.isEmpty()) {
                continue;
            }
            html.append("<section>\n<h2>").append(escape(topic.section().title()));
            if (!topic.section().slides().isEmpty()) {
                html.append(' ').append(slides(topic.section().slides()));
            }
            html.append("</h2>\n");
            for (About entry : present) {
                experiment(html, folder, entry, byExperiment.get(entry.name()));
            }
            html.append("</section>\n");
        }
        html.append("</body>\n</html>\n");
        Path index = folder.resolve(INDEX);
        Path tmp = folder.resolve(INDEX + ".tmp");
        Files.writeString(tmp, html, StandardCharsets.UTF_8);
        Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return index;
    }

    private static void summary(StringBuilder html, Path folder, Map<String, Outcome> outcomes) {
        html.append("<table class=\"summary\">\n<tr><th>experiment</th><th>slides</th><th>status</th><th>time</th><th>run</th></tr>\n");
        for (Topic topic : Lecture.topics()) {
            for (About entry : topic.entries()) {
                Outcome o = outcomes.get(entry.name());
                if (o == null) {
                    continue;
                }
                html.append("<tr><td><a href=\"#").append(entry.name()).append("\">").append(entry.name())
                        .append("</a></td><td>").append(escape(entry.slides())).append("</td><td class=\"")
                        .append(o.status().name().toLowerCase()).append("\">").append(status(o)).append("</td><td>")
                        .append(o.status() == Status.KEPT ? "earlier run" : Reproduction.duration(o.seconds()))
                        .append("</td><td>");
                if (o.runDir() != null) {
                    html.append(link(folder, o.runDir(), o.runDir().getFileName().toString()));
                }
                html.append("</td></tr>\n");
            }
        }
        html.append("</table>\n");
    }

    private static String slides(String slides) {
        boolean several = slides.contains("–") || slides.contains(",");
        return "<span class=\"slides\">" + (several ? "slides " : "slide ") + escape(slides) + "</span>";
    }

    private static String status(Outcome o) {
        return switch (o.status()) {
            case RAN -> "ran";
            case KEPT -> "kept";
            case FAILED -> "failed";
        };
    }

    private static void experiment(StringBuilder html, Path folder, About entry, Outcome outcome) throws IOException {
        html.append("<article id=\"").append(entry.name()).append("\">\n<h3>").append(entry.name())
                .append(' ').append(slides(entry.slides())).append("</h3>\n")
                .append("<p class=\"claim\">").append(escape(entry.claim())).append("</p>\n");
        if (outcome.status() == Status.FAILED) {
            html.append("<p class=\"error\">Failed: ").append(escape(outcome.error())).append("</p>\n");
        }
        Path run = outcome.runDir();
        Path log = folder.getParent().resolve(Reproduction.LOGS).resolve(entry.name() + ".log");
        if (run == null) {
            if (Files.exists(log)) {
                html.append("<p class=\"files\">").append(link(folder, log, "log")).append("</p>\n");
            }
            html.append("</article>\n");
            return;
        }
        html.append("<p class=\"files\">");
        if (Files.exists(log)) {
            html.append(link(folder, log, "log")).append(' ');
        }
        for (String file : List.of(RunDir.CONFIG, RunDir.MANIFEST, RunDir.METRICS_JSON, RunDir.METRICS_CSV, RunDir.TIMING_CSV)) {
            if (Files.exists(run.resolve(file))) {
                html.append(link(folder, run.resolve(file), file)).append(' ');
            }
        }
        html.append(link(folder, run, "run folder")).append("</p>\n");
        Map<String, Double> metrics = metrics(run);
        if (!entry.published().isEmpty()) {
            html.append("<table class=\"published\">\n<tr><th>metric</th><th>ours</th><th>published</th><th>source</th></tr>\n");
            for (Published p : entry.published()) {
                Double ours = metrics.get(p.metric());
                html.append("<tr><td>").append(escape(p.metric())).append("</td><td>")
                        .append(ours == null ? "–" : format(ours)).append("</td><td>").append(String.format("%.2f", p.value()))
                        .append("</td><td>").append(escape(p.source())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        for (Path table : files(run, ".md")) {
            html.append("<div class=\"results\">").append(MarkdownTables.toHtml(Files.readString(table, StandardCharsets.UTF_8)))
                    .append("</div>\n");
        }
        figures(html, folder, entry, run);
        if (!metrics.isEmpty()) {
            html.append("<details><summary>all ").append(metrics.size()).append(" metrics</summary>\n<table>\n");
            metrics.forEach((name, value) -> html.append("<tr><td>").append(escape(name)).append("</td><td>")
                    .append(format(value)).append("</td></tr>\n"));
            html.append("</table>\n</details>\n");
        }
        html.append("</article>\n");
    }

    private static void figures(StringBuilder html, Path folder, About entry, Path run) throws IOException {
        List<Path> pngs = files(run.resolve("figures"), ".png");
        if (pngs.isEmpty()) {
            return;
        }
        html.append("<div class=\"figures\">\n");
        for (Path png : pngs) {
            String name = png.getFileName().toString();
            String stem = name.substring(0, name.length() - ".png".length());
            Optional<String> caption = entry.caption(name);
            html.append("<figure>").append("<a href=\"").append(href(folder, png)).append("\"><img src=\"")
                    .append(href(folder, png)).append("\" alt=\"").append(escape(stem)).append("\"></a>")
                    .append("<figcaption><b>").append(escape(stem)).append("</b>")
                    .append(caption.map(c -> ". " + escape(c)).orElse("")).append("</figcaption></figure>\n");
        }
        html.append("</div>\n");
    }

    /** metrics.json as name → value, in the file's order; empty when the run has none yet. */
    static Map<String, Double> metrics(Path run) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        Path file = run.resolve(RunDir.METRICS_JSON);
        if (Files.exists(file)) {
            Json.read(file, JsonNode.class).fields().forEachRemaining(f -> metrics.put(f.getKey(), f.getValue().asDouble()));
        }
        return metrics;
    }

    private static List<Path> files(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().toList();
        }
    }

    private static String manifestLine(List<Outcome> outcomes) {
        for (Outcome o : outcomes) {
            if (o.runDir() != null && Files.exists(o.runDir().resolve(RunDir.MANIFEST))) {
                JsonNode m = Json.read(o.runDir().resolve(RunDir.MANIFEST), JsonNode.class);
                return escape(String.format("; seed %s, commit %s, ND4J %s, Java %s, %s cores", m.path("seed").asText(),
                        m.path("gitCommit").asText("unknown"), m.path("nd4jBackend").asText("?"),
                        m.path("javaVersion").asText("?"), m.path("cores").asText("?")));
            }
        }
        return "";
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.format("%d", (long) v);
        }
        double a = Math.abs(v);
        return a >= 1 ? String.format("%.2f", v) : a >= 0.01 ? String.format("%.4f", v) : String.format("%.3e", v);
    }

    private static String link(Path folder, Path target, String text) {
        return "<a href=\"" + href(folder, target) + "\">" + escape(text) + "</a>";
    }

    /** {@code target} relative to the report's folder, percent-encoded as a URL path. */
    static String href(Path folder, Path target) {
        String relative = folder.toAbsolutePath().normalize().relativize(target.toAbsolutePath().normalize()).toString()
                .replace(java.io.File.separatorChar, '/');
        if (Files.isDirectory(target)) {
            relative += "/";
        }
        try {
            return escape(new URI(null, null, relative, null).getRawPath());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot link " + target, e);
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body { font-family: system-ui, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; }
            h2 { border-bottom: 2px solid #444; padding-bottom: .2em; margin-top: 2em; }
            h3 { margin-bottom: .3em; }
            .slides { font-size: 70%; font-weight: normal; color: #666; }
            .meta, .files { color: #555; font-size: 90%; }
            .claim { font-style: italic; }
            .error, .failed { color: #b00; }
            table { border-collapse: collapse; margin: .6em 0; font-size: 90%; }
            td, th { border: 1px solid #ccc; padding: .2em .6em; text-align: left; }
            .figures { display: flex; flex-wrap: wrap; gap: 1em; }
            figure { margin: 0; width: 360px; }
            figure img { width: 100%; border: 1px solid #ddd; }
            figcaption { font-size: 85%; color: #333; }
            details { margin: .5em 0; }
            """;
}
