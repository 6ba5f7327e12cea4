package org.ae4j.core.data.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
    // FIPS 180-2 test vector for "abc".
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void knownVectorAndContentOfGzip(@TempDir Path dir) throws Exception {
        Path raw = TestFiles.write(dir.resolve("abc"), TestFiles.ascii("abc"));
        Path gz = TestFiles.write(dir.resolve("abc.bin"), TestFiles.gzip(TestFiles.ascii("abc")));
        assertEquals(ABC, Sha256.ofFile(raw));
        assertEquals(ABC, Sha256.ofContent(raw));
        assertEquals(ABC, Sha256.ofContent(gz));
        assertNotEquals(ABC, Sha256.ofFile(gz));
        Sha256.verifyContent(gz, ABC);
        Sha256.verifyContent(gz, ABC.toUpperCase());
        String wrong = "0".repeat(64);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Sha256.verifyContent(gz, wrong));
        assertTrue(e.getMessage().contains(gz.toString()) && e.getMessage().contains(ABC), e.getMessage());
    }
}
