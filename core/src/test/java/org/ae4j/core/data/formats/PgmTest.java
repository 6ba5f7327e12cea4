package org.ae4j.core.data.formats;

import static org.ae4j.core.data.formats.TestFiles.ascii;
import static org.ae4j.core.data.formats.TestFiles.pgm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgmTest {
    private static final byte[] SIX = {0, 10, 20, (byte) 200, (byte) 250, (byte) 255};

    private static String fails(byte[] bytes) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> Pgm.parse(bytes, "img.pgm"));
        assertTrue(e.getMessage().startsWith("img.pgm: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void parsesMinimalHeader() {
        PgmImage img = Pgm.parse(pgm("P5\n3 2\n255\n", SIX), "x");
        assertEquals(3, img.width());
        assertEquals(2, img.height());
        assertEquals(255, img.maxval());
        assertArrayEquals(SIX, img.pixels());
        assertEquals(200, img.gray(1, 0));
        assertEquals(1f, img.intensity(5));
    }

    @Test
    void commentsAndAnyWhitespace() {
        String header = "P5 # made by hand\n#another comment\n\t3\r\n# between\n 2 #trailing\n255\t";
        PgmImage img = Pgm.parse(pgm(header, SIX), "x");
        assertEquals(new PgmImage(3, 2, 255, SIX), img);
    }

    @Test
    void pixelBytesMayLookLikeWhitespaceOrHash() {
        // The raster starts right after the single whitespace byte, whatever its bytes are.
        byte[] pixels = ascii("# \n\t 1");
        assertArrayEquals(pixels, Pgm.parse(pgm("P5 3 2 255\n", pixels), "x").pixels());
    }

    @Test
    void badMagic() {
        assertTrue(fails(pgm("P6\n3 2\n255\n", SIX)).contains("magic must be 'P5', got 'P6'"));
        assertTrue(fails(pgm("P2\n3 2\n255\n", SIX)).contains("plain-text"));
        assertTrue(fails(new byte[] {'P'}).contains("magic"));
    }

    @Test
    void missingOrBadNumbers() {
        assertTrue(fails(ascii("P5\n3 2\n")).contains("missing maxval"));
        assertTrue(fails(ascii("P5\n3 2 # only a comment\n")).contains("missing maxval"));
        assertTrue(fails(pgm("P5\n3 x\n255\n", SIX)).contains("expected height as a decimal number, got 'x'"));
        assertTrue(fails(pgm("P5\n3 -2\n255\n", SIX)).contains("height"));
        assertTrue(fails(pgm("P5\n3a 2\n255\n", SIX)).contains("bad width"));
        assertTrue(fails(pgm("P53 2\n255\n", SIX)).contains("whitespace before width"));
        assertTrue(fails(pgm("P5\n0 2\n255\n", SIX)).contains("positive"));
        assertTrue(fails(pgm("P5\n99999999999 2\n255\n", SIX)).contains("too large"));
    }

    @Test
    void maxvalRange() {
        assertTrue(fails(pgm("P5\n3 2\n0\n", SIX)).contains("maxval 0 is out of range"));
        assertTrue(fails(pgm("P5\n3 2\n65535\n", new byte[12])).contains("16-bit PGM (maxval 65535) is not supported"));
        assertTrue(fails(pgm("P5\n3 2\n70000\n", SIX)).contains("out of range"));
        assertTrue(fails(pgm("P5\n3 2\n100\n", SIX)).contains("above maxval 100"));
        assertEquals(1, Pgm.parse(pgm("P5\n2 1\n1\n", new byte[] {0, 1}), "x").maxval());
    }

    @Test
    void truncatedAndTrailing() {
        assertTrue(fails(pgm("P5\n3 2\n255\n", new byte[5])).contains("truncated: 3x2 needs 6 pixel bytes, file has 5"));
        assertTrue(fails(ascii("P5\n3 2\n255")).contains("truncated"));
        assertTrue(fails(pgm("P5\n3 2\n255\n", new byte[8])).contains("2 trailing bytes"));
        assertTrue(fails(pgm("P5\n3 2\n255x", SIX)).contains("bad maxval"));
    }

    @Test
    void readsFile(@TempDir Path dir) throws Exception {
        Path f = TestFiles.write(dir.resolve("a.pgm"), pgm("P5\n3 2\n255\n", SIX));
        assertArrayEquals(SIX, Pgm.read(f).pixels());
        Path bad = TestFiles.write(dir.resolve("b.pgm"), ascii("P5\n3 2\n"));
        assertTrue(assertThrows(DataFormatException.class, () -> Pgm.read(bad)).getMessage().contains(bad.toString()));
    }
}
