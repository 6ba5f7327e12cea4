package org.ae4j.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/results.md is what {@code ae4j report --results docs/results.md docs/records/full} writes from the run records
 * kept in git: no number on it was typed or edited by hand, and it is not stale against its records.
 */
class ResultsDocTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path RECORDS = Path.of("docs", "records", "full");
    private static final Path PAGE = Path.of("docs", "results.md");

    @Test
    void theCommittedPageIsTheOneItsRecordsGenerate() throws Exception {
        String committed = Files.readString(ROOT.resolve(PAGE));
        String command = ResultsPage.command(PAGE, RECORDS);
        String generated = ResultsPage.markdown(RECORDS, ResultsPage.runs(ROOT.resolve(RECORDS)), command);
        assertEquals(generated, committed, "docs/results.md differs from what its records generate; regenerate it: "
                + "scripts/" + command);
    }
}
