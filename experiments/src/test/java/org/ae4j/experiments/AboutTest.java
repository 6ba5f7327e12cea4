package org.ae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ae4j.experiments.About.Figure;
import org.ae4j.experiments.About.Published;
import org.junit.jupiter.api.Test;

/** An experiment's About: validated, immutable, and written the same way whether built at once or step by step. */
class AboutTest {

    @Test
    void anAboutIsValidatedAndKeepsItsOwnLists() {
        List<Figure> figures = new ArrayList<>(List.of(new Figure("codes", "The codes.")));
        About about = new About("an-experiment-2", "a line", Section.DEEP, "24", "A claim.", figures,
                List.of(new Published("test_err", 1.5, "Someone (2020)")));
        figures.clear();
        assertEquals(1, about.figures().size());
        assertEquals(java.util.Optional.of("The codes."), about.caption("codes-epoch-001.png"));
        assertTrue(about.caption("samples.png").isEmpty());
        assertEquals(java.util.Optional.of(1.5), about.published("test_err"));
        assertTrue(about.published("other").isEmpty());

        List<Published> none = List.of();
        List<Figure> one = List.of(new Figure("x", "X."));
        assertThrows(IllegalArgumentException.class, () -> new About("Mnist AE", "d", Section.DEEP, "1", "c", one,
                none));
        assertThrows(IllegalArgumentException.class, () -> new About("", "d", Section.DEEP, "1", "c", one, none));
        assertThrows(IllegalArgumentException.class, () -> new About("a", " ", Section.DEEP, "1", "c", one, none));
        assertThrows(IllegalArgumentException.class, () -> new About("a", "d", Section.DEEP, "1", "", one, none));
        assertThrows(NullPointerException.class, () -> new About("a", "d", null, "1", "c", one, none));
        assertThrows(NullPointerException.class, () -> new About("a", "d", Section.DEEP, "1", "c", null, none));
        assertThrows(IllegalArgumentException.class, () -> new Figure("", "caption"));
        assertThrows(IllegalArgumentException.class, () -> new Published("m", 1, " "));
    }

    @Test
    void stepByStepGivesTheRecordBuiltAtOnceWithTheClaimsWhiteSpaceFolded() {
        About stepwise = About.of("an-experiment", Section.VARIATIONAL, "41–55")
                .claim("""
                        The ELBO bounds log p(x);
                            importance sampling\ttightens it.
                        """)
                .description("a line")
                .figure("codes", "The codes.")
                .figure("samples", "The samples.")
                .compareWith("test_nll", 86.76, Published.BURDA);
        About atOnce = new About("an-experiment", "a line", Section.VARIATIONAL, "41–55",
                "The ELBO bounds log p(x); importance sampling tightens it.",
                List.of(new Figure("codes", "The codes."), new Figure("samples", "The samples.")),
                List.of(new Published("test_nll", 86.76, Published.BURDA)));
        assertEquals(atOnce, stepwise);
    }

    @Test
    void addingAFigureLeavesTheOriginalAsItWas() {
        About without = About.of("an-experiment", Section.DEEP, "24").claim("A claim.").description("a line");
        About with = without.figure("codes", "The codes.").compareWith("test_err", 1.5, "Someone (2020)");
        assertTrue(without.figures().isEmpty() && without.published().isEmpty());
        assertEquals(1, with.figures().size());
        assertEquals(1, with.published().size());
    }

    @Test
    void aClaimLeftOutOrBlankIsRefused() {
        About.Draft draft = About.of("an-experiment", Section.DEEP, "24");
        assertThrows(IllegalArgumentException.class, () -> draft.description("a line"));
        assertThrows(IllegalArgumentException.class, () -> draft.claim("""
                \s
                """).description("a line"));
    }

    @Test
    void theResultMetricsAreThePublishedOnesThenTheHeadlineEachOnce() {
        About about = About.of("an-experiment", Section.DEEP, "24").claim("A claim.").description("a line")
                .headline("test_bce", "test_err").compareWith("test_err", 1.5, "Someone (2020)").headline("epochs");
        assertEquals(List.of("test_err", "test_bce", "epochs"), about.resultMetrics());
        assertEquals(1.5, about.publishedFor("test_err").orElseThrow().value());
        assertTrue(about.publishedFor("test_bce").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> about.headline(" "));
    }

    @Test
    void everyExperimentSumsUpItsRunsWithSomeMetric() {
        for (Experiment e : Experiments.all()) {
            assertFalse(e.about().resultMetrics().isEmpty(), e.name() + " names no metric for docs/results.md");
        }
    }
}
