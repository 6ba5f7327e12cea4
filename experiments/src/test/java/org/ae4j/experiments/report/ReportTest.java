package org.ae4j.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.ae4j.core.runs.Json;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.Experiments;
import org.ae4j.experiments.Section;
import org.ae4j.experiments.report.Reproduction.Outcome;
import org.ae4j.experiments.report.Reproduction.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @Test
    void theLectureCoversEveryRegisteredExperimentOnceSectionBySection() {
        List<String> lecture = Lecture.experiments();
        assertEquals(lecture.size(), new HashSet<>(lecture).size(), "an experiment appears twice: " + lecture);
        assertEquals(Set.copyOf(Experiments.all().stream().map(Experiment::name).toList()), Set.copyOf(lecture));
        List<Section> sections = Lecture.topics().stream().map(Lecture.Topic::section).toList();
        assertEquals(Arrays.stream(Section.values()).filter(sections::contains).toList(), sections, "section order");
        for (Lecture.Topic topic : Lecture.topics()) {
            assertFalse(topic.entries().isEmpty(), topic.section().title());
            List<String> registryOrder = Experiments.names().stream()
                    .filter(n -> topic.entries().stream().anyMatch(e -> e.name().equals(n))).toList();
            assertEquals(registryOrder, topic.entries().stream().map(About::name).toList(), "the registry's order");
            for (About e : topic.entries()) {
                assertEquals(topic.section(), e.section(), e.name());
                assertFalse(e.claim().isBlank() || e.slides().isBlank() || e.figures().isEmpty(), e.name());
            }
        }
    }

    /** A finished run as an experiment leaves it: config, metrics, a figure and a Markdown table. */
    private static Path fakeRun(Path out, String experiment, Map<String, Double> metrics, String figure) throws Exception {
        Path run = out.resolve(experiment).resolve("20260101-000000-seed42");
        Files.createDirectories(run.resolve("figures"));
        Json.write(run.resolve("config.json"), Map.of("experiment", experiment));
        Json.write(run.resolve("metrics.json"), metrics);
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", run.resolve("figures").resolve(figure).toFile());
        Files.writeString(run.resolve("results.md"), "| model | AUC |\n|---|---:|\n| GAE \\| weighted | 91.5 |\n\n10 seeds.\n");
        return run;
    }

    @Test
    void eachExperimentShowsItsClaimCaptionedFiguresOurNumbersBesideThePublishedOnesAndItsFiles(@TempDir Path out)
            throws Exception {
        Path deep = fakeRun(out, "deep-ae-mnist", Map.of("test_sq_err_deep_ae", 3.89, "test_sq_err_pca", 13.86), "reconstructions.png");
        Path vgae = fakeRun(out, "vgae-link-prediction", Map.of("cora_gae_auc", 91.53), "embeddings-cora-gae.png");
        Path index = Report.write(out, List.of(new Outcome("deep-ae-mnist", Status.RAN, deep, 65, null),
                new Outcome("vgae-link-prediction", Status.KEPT, vgae, 0, null),
                new Outcome("dae-mnist", Status.FAILED, null, 1.5, "mnist/train-images-idx3-ubyte.gz not found")), false);
        assertEquals(out.resolve("report/index.html"), index);
        String html = Files.readString(index, StandardCharsets.UTF_8);
        assertTrue(html.contains("<h2>Deep auto-encoders <span class=\"slides\">slides 24–26</span></h2>"), html);
        assertTrue(html.contains("Rows: real test digits, 30-d deep AE, 30-d logistic PCA, 30-d PCA."), "caption");
        assertTrue(html.contains("<tr><td>test_sq_err_deep_ae</td><td>3.89</td><td>3.00</td><td>Hinton &amp; Salakhutdinov (2006), Fig. 2</td></tr>"), html);
        // a published value we have no number for shows a dash
        assertTrue(html.contains("<tr><td>test_sq_err_logistic_pca</td><td>–</td><td>8.01</td>"), html);
        assertTrue(html.contains("<td>GAE | weighted</td><td style=\"text-align:right\">91.5</td>"), "Markdown table: " + html);
        assertTrue(html.contains("<p>10 seeds.</p>"));
        assertTrue(html.contains("Failed: mnist/train-images-idx3-ubyte.gz not found"), html);
        assertTrue(html.contains("<td class=\"kept\">kept</td><td>earlier run</td>"), html);
        assertTrue(html.contains("<td class=\"ran\">ran</td><td>1 min 05 s</td>"), html);
        // Sections without a run are left out.
        assertFalse(html.contains("Linear auto-encoders and PCA"));
        // Every relative link and image resolves to a file next to the report.
        Matcher m = Pattern.compile("(?:href|src)=\"([^\"#][^\"]*)\"").matcher(html);
        int links = 0;
        while (m.find()) {
            assertTrue(Files.exists(index.getParent().resolve(m.group(1)).normalize()), m.group(1));
            links++;
        }
        assertTrue(links >= 10, links + " links");
    }

    @Test
    void publishedValuesAreLookedUpByExperimentAndMetric() {
        assertEquals(java.util.Optional.of(92.6), Lecture.published("vgae-link-prediction", "cora_vgae_ap"));
        assertEquals(java.util.Optional.of(86.76), Lecture.published("vae-mnist-nll", "test_nll_is5000"));
        assertTrue(Lecture.published("vae-mnist-nll", "cora_vgae_ap").isEmpty());
        assertTrue(Lecture.published("no-such-experiment", "cora_vgae_ap").isEmpty());
        assertEquals(java.util.Optional.of(13.87), Experiments.byName("deep-ae-mnist").orElseThrow().about()
                .published("test_sq_err_pca"));
    }

    @Test
    void htmlIsEscapedAndDurationsRead() {
        assertEquals("&lt;a href=&quot;x&quot;&gt; &amp;", Report.escape("<a href=\"x\"> &"));
        assertEquals("42.0 s", Reproduction.duration(42));
        assertEquals("3 min 05 s", Reproduction.duration(185));
        assertEquals("1 h 02 min", Reproduction.duration(3725));
    }

    @Test
    void markdownOtherThanTablesStaysText() {
        assertEquals("<p>a &lt;b&gt; c</p>\n<p>| not a table |</p>\n", MarkdownTables.toHtml("a <b>\nc\n\n| not a table |\n"));
    }
}
