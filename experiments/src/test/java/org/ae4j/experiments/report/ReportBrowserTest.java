package org.ae4j.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.experiments.CliTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser. CI sets {@code AE4J_REQUIRE_BROWSER=1} (after installing Debian's chromium), so
 * there a missing browser fails the test; elsewhere it is skipped.
 */
class ReportBrowserTest {

    private static Path chromium() {
        var binary = Chromium.binary();
        if (binary.isEmpty() && System.getenv("AE4J_REQUIRE_BROWSER") != null) {
            fail("AE4J_REQUIRE_BROWSER is set but no Chromium was found (install Debian's chromium or set AE4J_CHROMIUM)");
        }
        assumeTrue(binary.isPresent(), "Chromium not installed");
        return binary.get();
    }

    @Test
    void theCheckFindsAMissingImageABrokenLinkADanglingAnchorAndAScriptError(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("ok.png").toFile());
        Path page = dir.resolve("page.html");
        Files.writeString(page, """
                <!DOCTYPE html><html><body>
                <img src="ok.png"><img src="missing.png"><a href="ok.png">fine</a><a href="nowhere.json">broken</a>
                <a href="#here">dangling</a><script>undefinedFunction();</script>
                </body></html>""");
        try (Chromium browser = Chromium.start(chromium)) {
            List<String> problems = browser.problems(page);
            String all = String.join("\n", problems);
            assertTrue(all.contains("image not shown: missing.png"), all);
            assertTrue(all.contains("broken link: ") && all.contains("nowhere.json"), all);
            assertTrue(all.contains("no element with id 'here'"), all);
            assertTrue(all.contains("script error") && all.contains("undefinedFunction"), all);
            assertTrue(problems.stream().noneMatch(p -> p.contains("ok.png") && !p.contains("missing")), all);
        }
    }

    @Test
    void aReproducedReportHasNoMissingImageBrokenLinkOrScriptError(@TempDir Path out) throws Exception {
        Path chromium = chromium();
        assumeTrue(DataDir.resolve().find("cbcl-faces/cbcl-face-database-1.tar.gz").isPresent()
                && DataDir.resolve().find("cora/cora.content.gz").isPresent(), "shared datasets not available");
        String[] args = {"reproduce", "--only", "pca-faces,vgae-link-prediction", "--epochs", "1", "--out", out.toString()};
        var first = CliTest.run(args);
        assertEquals(0, first.code(), first.err());
        Path index = Path.of(first.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals(out.resolve("report/index.html").toAbsolutePath(), index);
        assertTrue(first.err().contains("[1/2] pca-faces: running (quick)") && first.err().contains("[2/2] vgae-link-prediction: done in"),
                first.err());
        try (Chromium browser = Chromium.start(chromium)) {
            List<String> problems = browser.problems(index);
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        }
        // Again on the same folder: both runs are kept, nothing is trained.
        var second = CliTest.run(args);
        assertEquals(0, second.code(), second.err());
        assertTrue(second.err().contains("[1/2] pca-faces: kept") && second.err().contains("2 kept from earlier"), second.err());
    }
}
