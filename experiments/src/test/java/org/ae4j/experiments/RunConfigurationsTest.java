package org.ae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.ae4j.experiments.cli.Ae4j;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The shared IntelliJ run configurations in {@code .run/} cover every experiment and start the real CLI. */
class RunConfigurationsTest {
    private static final Path RUN = Path.of("..", ".run");

    /** PROGRAM_PARAMETERS of every Application configuration, by file name. */
    private static Map<String, String> applicationParameters() throws Exception {
        Map<String, String> parameters = new TreeMap<>();
        try (Stream<Path> files = Files.list(RUN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".run.xml")).toList()) {
                Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
                Element config = (Element) doc.getElementsByTagName("configuration").item(0);
                if (!"Application".equals(config.getAttribute("type"))) {
                    continue;
                }
                Map<String, String> options = options(config);
                assertEquals(Ae4j.class.getName(), options.get("MAIN_CLASS_NAME"), f.toString());
                assertEquals("ae4j-experiments", ((Element) config.getElementsByTagName("module").item(0))
                        .getAttribute("name"), f + ": the module is the experiments artifact");
                parameters.put(f.getFileName().toString(), options.get("PROGRAM_PARAMETERS"));
            }
        }
        return parameters;
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

    @Test
    void everyExperimentAndTheReproductionHaveAQuickAndAFullConfiguration() throws Exception {
        Map<String, String> parameters = applicationParameters();
        List<String> missing = new ArrayList<>();
        for (Experiment e : Experiments.all()) {
            check(parameters, e.name() + ".run.xml", "run " + e.name(), missing);
            check(parameters, e.name() + "-quick.run.xml", "run " + e.name() + " --quick", missing);
        }
        check(parameters, "reproduce-quick.run.xml", "reproduce --quick", missing);
        check(parameters, "reproduce-full.run.xml", "reproduce --full", missing);
        assertTrue(missing.isEmpty(), "missing or wrong in .run/: " + missing);
        assertEquals(2 * Experiments.all().size() + 2, parameters.size(), "configurations for unknown experiments: "
                + parameters.keySet());
    }

    private static void check(Map<String, String> parameters, String file, String expected, List<String> missing) {
        if (!expected.equals(parameters.get(file))) {
            missing.add(file + " (expected \"" + expected + "\", got " + parameters.get(file) + ")");
        }
    }

    @Test
    void theTestSuiteConfigurationRunsMavenTest() throws IOException {
        String maven = Files.readString(RUN.resolve("all-tests.run.xml"));
        assertTrue(maven.contains("type=\"MavenRunConfiguration\"") && maven.contains("<option value=\"test\" />"), maven);
    }
}
