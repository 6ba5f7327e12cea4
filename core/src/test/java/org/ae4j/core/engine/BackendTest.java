package org.ae4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.ae4j.core.engine.host.Parallel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class BackendTest {

    @Test
    void dropsOnlyTheDifferentiatedOpLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = Backend.withoutLinesStartingWith(new PrintStream(bytes, true), "Added differentiated op");
        out.println("epoch 1 done");
        out.println("Added differentiated op mmul_bp");
        out.print("partial ");
        out.flush();
        out.println("line ünïcode");
        out.println("Added differentiated op add_bp");
        assertEquals("epoch 1 done\npartial line ünïcode\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void threadCountComesFromAe4jThreadsThenTheProcessorCount() {
        assertEquals(3, Backend.threads("3", 2));
        assertEquals(2, Backend.threads(null, 2));
        assertEquals(2, Backend.threads("zero", 2));
        assertEquals(1, Backend.threads("-4", 0));
    }

    @Test
    void configureGivesParallelTheThreadCountAndOpenBlasOne() {
        try {
            Backend.configure(2);
            assertEquals(2, Backend.threads());
            assertEquals(2, Parallel.threads());
            assertEquals(1, Nd4j.factory().blas().getMaxThreads()); // ae4j cuts the products itself
            Backend.configure(1);
            assertEquals(1, Backend.threads());
            assertEquals(1, Parallel.threads());
            assertEquals(1, Nd4j.factory().blas().getMaxThreads());
            assertThrows(IllegalArgumentException.class, () -> Backend.configure(0));
        } finally {
            Backend.configure(Backend.defaultThreads());
        }
    }
}
