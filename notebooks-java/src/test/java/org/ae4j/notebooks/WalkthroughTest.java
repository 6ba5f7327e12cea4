package org.ae4j.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import jdk.jshell.JShell;
import org.junit.jupiter.api.Test;

class WalkthroughTest {
    private static final String SCRIPT = """
            // %% [markdown]
            // # Title
            //
            //  indented
            // %%
            int a = 2;

            // %%
            a * 21
            /exit
            """;

    @Test
    void cellsAreSplitAtMarkersAndMarkdownLosesItsSlashes() {
        Walkthrough w = Walkthrough.parse(SCRIPT, "t.jsh");
        assertEquals(List.of(new Walkthrough.Cell(true, "# Title\n\n indented"), new Walkthrough.Cell(false, "int a = 2;"),
                new Walkthrough.Cell(false, "a * 21")), w.cells());
        assertEquals(List.of("int a = 2;", "a * 21"), w.code());
    }

    @Test
    void theNotebookIsNbformat45ForTheAe4jKernel() {
        JsonNode nb = Walkthrough.parse(SCRIPT, "t.jsh").notebook();
        assertEquals(4, nb.path("nbformat").asInt());
        assertEquals(5, nb.path("nbformat_minor").asInt());
        assertEquals("ae4j", nb.path("metadata").path("kernelspec").path("name").asText());
        assertEquals(3, nb.path("cells").size());
        JsonNode markdown = nb.path("cells").get(0);
        assertEquals("markdown", markdown.path("cell_type").asText());
        assertEquals("# Title\n", markdown.path("source").get(0).asText());
        assertEquals(" indented", markdown.path("source").get(2).asText());
        JsonNode code = nb.path("cells").get(2);
        assertTrue(code.path("outputs").isArray() && code.path("outputs").isEmpty() && code.path("execution_count").isNull());
    }

    @Test
    void malformedScriptsAreRefusedWithTheLine() {
        var e = assertThrows(IllegalArgumentException.class, () -> Walkthrough.parse("int x;\n// %%\nx\n", "bad.jsh"));
        assertTrue(e.getMessage().startsWith("bad.jsh:1:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Walkthrough.parse("// %% [markdown]\nnot a comment\n", "md.jsh"));
        assertTrue(e.getMessage().startsWith("md.jsh:2:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Walkthrough.parse("// %% [markdown]\n// only text\n", "x.jsh"));
    }

    @Test
    void theKernelsEvaluatorReturnsTheLastValueAndReportsCompileErrorsAndExceptions() throws Exception {
        try (JShell shell = Ae4jKernel.newShell()) {
            // The start-up imports are in scope: Rng comes from org.ae4j.core.data.
            assertEquals("42", Ae4jKernel.evaluate(shell, "int a = 2;\nint b = 21;\na * b"));
            assertEquals("true", Ae4jKernel.evaluate(shell, "Rng.seeded(1) != null"));
            var notCompiling = assertThrows(Ae4jKernel.CellException.class, () -> Ae4jKernel.evaluate(shell, "int c = \"x\";"));
            assertTrue(notCompiling.getMessage().contains("does not compile") && notCompiling.getMessage().contains("incompatible types") && notCompiling.getMessage().contains("at: \"x\""),
                    notCompiling.getMessage());
            var thrown = assertThrows(Ae4jKernel.CellException.class,
                    () -> Ae4jKernel.evaluate(shell, "Integer.parseInt(\"seven\")"));
            assertTrue(thrown.getMessage().contains("NumberFormatException") && thrown.getMessage().contains("seven"),
                    thrown.getMessage());
        }
    }
}
