package org.ae4j.notebooks;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.JShell;
import org.ae4j.core.data.formats.DataDir;
import org.junit.jupiter.api.Test;

/** README's first Java block runs in JShell as it stands and writes its figure: the doorway cannot rot. */
class ReadmeExampleTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theReadmesFirstModelTrainsAndWritesItsFigure() throws Exception {
        assumeTrue(DataDir.resolve().find("mnist/train-images-idx3-ubyte.gz").isPresent(), "MNIST not available");
        Matcher block = JAVA_BLOCK.matcher(Files.readString(Path.of("..", "README.md")));
        assertTrue(block.find(), "README.md has no ```java block");
        Path figure = Path.of("runs", "first-vae-samples.png");
        Files.deleteIfExists(figure);
        try (JShell shell = Ae4jKernel.newShell()) {
            Ae4jKernel.evaluate(shell, block.group(1));
        }
        assertTrue(Files.size(figure) > 1000, figure + " was not written");
    }
}
