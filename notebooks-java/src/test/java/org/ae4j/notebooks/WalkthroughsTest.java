package org.ae4j.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.runs.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The walk-throughs in {@code notebooks-java/} cannot rot: each notebook is its script's cells, every script
 * runs in JShell, and every notebook runs in Jupyter with the ae4j kernel. CI sets {@code AE4J_REQUIRE_JUPYTER=1}
 * after installing Debian's Jupyter, so there a missing Jupyter fails; elsewhere that test is skipped.
 */
class WalkthroughsTest {

    static Stream<Path> scripts() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("."))) {
            List<Path> scripts = files.filter(p -> p.toString().endsWith(".jsh")).sorted().toList();
            assertTrue(scripts.size() >= 3, "walk-throughs missing: " + scripts);
            return scripts.stream();
        }
    }

    private static Path notebookOf(Path script) {
        String name = script.getFileName().toString();
        return script.resolveSibling(name.substring(0, name.length() - ".jsh".length()) + ".ipynb");
    }

    private static void assumeData() {
        DataDir data = DataDir.resolve();
        assumeTrue(data.find("mnist/train-images-idx3-ubyte.gz").isPresent()
                && data.find("cbcl-faces/cbcl-face-database-1.tar.gz").isPresent()
                && data.find("cora/cora.content.gz").isPresent(), "shared datasets not available");
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void theNotebookHoldsTheScriptsCells(Path script) throws Exception {
        Path notebook = notebookOf(script);
        assertTrue(Files.exists(notebook), notebook + " is missing: run Walkthrough " + script);
        JsonNode committed = Json.MAPPER.readTree(notebook.toFile());
        assertEquals(Walkthrough.read(script).notebook(), committed,
                notebook + " differs from " + script + ": regenerate it with org.ae4j.notebooks.Walkthrough (see README)");
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void theScriptRunsInJShell(Path script) throws Exception {
        assumeData();
        try (JShell shell = Ae4jKernel.newShell()) {
            for (String cell : Walkthrough.read(script).code()) {
                Ae4jKernel.evaluate(shell, cell);
            }
        }
    }

    @Test
    void everyNotebookRunsInJupyterWithTheAe4jKernel(@TempDir Path tmp) throws Exception {
        Path jupyter = Stream.of("/usr/bin/jupyter", "/usr/local/bin/jupyter").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (jupyter == null && System.getenv("AE4J_REQUIRE_JUPYTER") != null) {
            fail("AE4J_REQUIRE_JUPYTER is set but jupyter was not found (scripts/install-debian-packages installs it)");
        }
        assumeTrue(jupyter != null, "Jupyter not installed");
        assumeData();
        KernelSpec.write(tmp.resolve("jupyter"), System.getProperty("java.class.path"),
                List.of("-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=3G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=8G"));
        List<Path> notebooks = scripts().map(WalkthroughsTest::notebookOf).toList();
        for (Path notebook : notebooks) {
            List<String> command = new ArrayList<>(List.of(jupyter.toString(), "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.timeout=900", "--output-dir", tmp.resolve("out").toString(), notebook.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("JUPYTER_PATH", tmp.resolve("jupyter").toString());
            pb.environment().put("JUPYTER_DATA_DIR", tmp.resolve("data").toString());
            pb.environment().put("JUPYTER_RUNTIME_DIR", tmp.resolve("runtime").toString());
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(20, TimeUnit.MINUTES), "nbconvert did not finish");
            assertEquals(0, p.exitValue(), notebook + ":\n" + log);
            JsonNode executed = Json.MAPPER.readTree(tmp.resolve("out").resolve(notebook.getFileName()).toFile());
            int images = 0;
            for (JsonNode cell : executed.path("cells")) {
                for (JsonNode output : cell.path("outputs")) {
                    assertTrue(!output.path("output_type").asText().equals("error"), notebook + ": " + output);
                    images += output.path("data").has("image/png") ? 1 : 0;
                }
            }
            long shows = Walkthrough.read(notebook.resolveSibling(notebook.getFileName().toString().replace(".ipynb", ".jsh")))
                    .code().stream().mapToLong(c -> c.split("Show\\.png\\(", -1).length - 1).sum();
            assertEquals(shows, images, notebook + ": every Show.png should give an image output");
        }
    }
}
