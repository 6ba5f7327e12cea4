package org.ae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.ae4j.experiments.cli.Ae4j;
import org.ae4j.experiments.cli.RunConfigurations.Configuration;
import org.ae4j.experiments.cli.RunConfigurations.Difference;
import org.ae4j.experiments.cli.RunConfigurations.Mismatch;
import org.ae4j.experiments.cli.RunConfigurations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The shared IntelliJ run configurations in {@code .run/} are those the experiment registry generates: a full and a
 * quick one per experiment and for the reproduction, each starting the real CLI.
 */
class RunConfigurationsTest {
    private static final Path RUN = Path.of("..", ".run");

    @Test
    void theCheckedInConfigurationsAreThoseTheRegistryGenerates() throws IOException {
        List<Mismatch> mismatches = RunConfigurations.check(RUN);
        assertTrue(mismatches.isEmpty(), ".run/ is not what the experiments generate: " + mismatches
                + "; regenerate it from the project root with: " + RunConfigurations.REGENERATE);
    }

    @Test
    void everyExperimentAndTheReproductionHaveAQuickAndAFullConfigurationThatStartTheCli() throws Exception {
        Map<String, String> parameters = new TreeMap<>();
        for (Configuration c : RunConfigurations.all()) {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(c.xml().getBytes(StandardCharsets.UTF_8)));
            Element config = (Element) doc.getElementsByTagName("configuration").item(0);
            assertEquals("Application", config.getAttribute("type"), c.file());
            Map<String, String> options = options(config);
            assertEquals(Ae4j.class.getName(), options.get("MAIN_CLASS_NAME"), c.file());
            assertEquals("ae4j-experiments", ((Element) config.getElementsByTagName("module").item(0))
                    .getAttribute("name"), c.file() + ": the module is the experiments artifact");
            parameters.put(c.file(), options.get("PROGRAM_PARAMETERS"));
        }
        List<String> missing = new ArrayList<>();
        for (Experiment e : Experiments.all()) {
            check(parameters, e.name() + ".run.xml", "run " + e.name(), missing);
            check(parameters, e.name() + "-quick.run.xml", "run " + e.name() + " --quick", missing);
        }
        check(parameters, "reproduce-quick.run.xml", "reproduce --quick", missing);
        check(parameters, "reproduce-full.run.xml", "reproduce --full", missing);
        assertTrue(missing.isEmpty(), "missing or wrong: " + missing);
        assertEquals(2 * Experiments.all().size() + 2, parameters.size(), "unexpected: " + parameters.keySet());
    }

    private static Map<String, String> options(Element config) {
        Map<String, String> options = new TreeMap<>();
        NodeList nodes = config.getElementsByTagName("option");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element o = (Element) nodes.item(i);
            options.put(o.getAttribute("name"), o.getAttribute("value"));
        }
        return options;
    }

    private static void check(Map<String, String> parameters, String file, String expected, List<String> missing) {
        if (!expected.equals(parameters.get(file))) {
            missing.add(file + " (expected \"" + expected + "\", got " + parameters.get(file) + ")");
        }
    }

    @Test
    void writingAddsMissingRewritesChangedAndDeletesStaleConfigurationsOnly(@TempDir Path dir) throws Exception {
        try (Stream<Path> files = Files.list(RUN)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.delete(dir.resolve("mnist-ae.run.xml"));
        Files.writeString(dir.resolve("pca-faces-quick.run.xml"), "<component/>\n");
        String renamed = RunConfigurations.all().get(0).xml().replace("run " + Experiments.names().get(0), "run old");
        Files.writeString(dir.resolve("old.run.xml"), renamed);
        String tests = Files.readString(dir.resolve("all-tests.run.xml"));

        List<Mismatch> expected = List.of(new Mismatch("mnist-ae.run.xml", Difference.MISSING),
                new Mismatch("pca-faces-quick.run.xml", Difference.CHANGED),
                new Mismatch("old.run.xml", Difference.STALE));
        assertEquals(Set.copyOf(expected), Set.copyOf(RunConfigurations.check(dir)));
        CliTest.Result check = CliTest.run("run-configurations", "--dir", dir.toString());
        assertEquals(1, check.code(), check.out() + check.err());
        assertTrue(check.out().contains(RunConfigurations.REGENERATE), check.out());

        CliTest.Result write = CliTest.run("run-configurations", "--write", "--dir", dir.toString());
        assertEquals(0, write.code(), write.err());
        assertTrue(write.out().contains("deleted: " + dir.resolve("old.run.xml")), write.out());
        assertEquals(List.of(), RunConfigurations.check(dir));
        assertFalse(Files.exists(dir.resolve("old.run.xml")));
        assertEquals(tests, Files.readString(dir.resolve("all-tests.run.xml")), "other configurations are left alone");
        for (Configuration c : RunConfigurations.all()) {
            assertEquals(Files.readString(RUN.resolve(c.file())), Files.readString(dir.resolve(c.file())), c.file());
        }
        CliTest.Result upToDate = CliTest.run("run-configurations", "--dir", dir.toString());
        assertEquals(0, upToDate.code(), upToDate.out() + upToDate.err());
        assertTrue(upToDate.out().contains("up to date"), upToDate.out());
    }

    @Test
    void theTestSuiteConfigurationRunsMavenTest() throws IOException {
        String maven = Files.readString(RUN.resolve("all-tests.run.xml"));
        assertTrue(maven.contains("type=\"MavenRunConfiguration\"") && maven.contains("<option value=\"test\" />"), maven);
    }
}
