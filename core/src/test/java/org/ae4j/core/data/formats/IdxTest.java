package org.ae4j.core.data.formats;

import static org.ae4j.core.data.formats.TestFiles.gzip;
import static org.ae4j.core.data.formats.TestFiles.idx;
import static org.ae4j.core.data.formats.TestFiles.ramp;
import static org.ae4j.core.data.formats.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    private DataFormatException fails(byte[] fileBytes, String name) throws Exception {
        Path f = write(dir.resolve(name), fileBytes);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains(f.toString()), "message names the file: " + e.getMessage());
        return e;
    }

    @Test
    void readsRank3RawFile() throws Exception {
        byte[] data = ramp(2 * 3 * 4, 250); // wraps past 255, so unsigned reading is exercised
        IdxTensor t = Idx.read(write(dir.resolve("a.idx"), idx(new int[] {2, 3, 4}, data)));
        assertArrayEquals(new int[] {2, 3, 4}, t.dims());
        assertArrayEquals(data, t.data());
        assertEquals(2, t.count());
        assertEquals(12, t.itemSize());
        assertEquals(255, t.unsigned(5));
        assertEquals(0, t.unsigned(6));
    }

    @Test
    void readsRank1() throws Exception {
        IdxTensor t = Idx.read(write(dir.resolve("l"), idx(new int[] {3}, new byte[] {5, 0, 4})));
        assertEquals(new IdxTensor(new int[] {3}, new byte[] {5, 0, 4}), t);
    }

    @Test
    void gzipIsDetectedByMagicNotName() throws Exception {
        byte[] raw = idx(new int[] {2, 2}, new byte[] {1, 2, 3, 4});
        IdxTensor fromGzNoSuffix = Idx.read(write(dir.resolve("labels-idx"), gzip(raw)));
        IdxTensor fromRawWithGzSuffix = Idx.read(write(dir.resolve("labels-idx.gz"), raw));
        assertEquals(fromGzNoSuffix, fromRawWithGzSuffix);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, fromGzNoSuffix.data());
    }

    @Test
    void wrongMagicShowsBytesSeenAndExpected() throws Exception {
        byte[] bad = idx(new int[] {1}, new byte[] {7});
        bad[0] = 0x50;
        bad[1] = 0x4b;
        String m = fails(bad, "zip.idx").getMessage();
        assertTrue(m.contains("wrong magic"), m);
        assertTrue(m.contains("50 4b 08 01"), m);
        assertTrue(m.contains("00 00 08"), m);
    }

    @Test
    void unsupportedTypeCode() throws Exception {
        byte[] floats = idx(new int[] {1}, new byte[] {0, 0, 0, 0});
        floats[2] = 0x0D;
        floats[7] = 1;
        String m = fails(floats, "f.idx").getMessage();
        assertTrue(m.contains("0x0d") || m.contains("0x0D"), m);
        assertTrue(m.contains("float32"), m);
    }

    @Test
    void truncatedRawAndGzip() throws Exception {
        byte[] shortData = idx(new int[] {3, 4}, new byte[10]);
        assertTrue(fails(shortData, "t.idx").getMessage().contains("truncated"));
        assertTrue(fails(gzip(shortData), "t.idx.gz").getMessage().contains("truncated"));
        byte[] headerOnly = Arrays.copyOf(idx(new int[] {3, 4}, new byte[0]), 9);
        assertTrue(fails(headerOnly, "h.idx").getMessage().contains("header"));
    }

    @Test
    void truncatedGzipStream() throws Exception {
        byte[] gz = gzip(idx(new int[] {1000}, ramp(1000, 0)));
        String m = fails(Arrays.copyOf(gz, gz.length / 2), "cut.gz").getMessage();
        assertTrue(m.contains("truncated"), m);
    }

    @Test
    void corruptGzip() throws Exception {
        assertTrue(fails(new byte[] {0x1f, (byte) 0x8b, 0, 0}, "bad.gz").getMessage().contains("gzip"));
        byte[] gz = gzip(idx(new int[] {100}, ramp(100, 0)));
        gz[12] ^= 0x55; // inside the deflate data
        assertThrows(DataFormatException.class, () -> Idx.read(write(dir.resolve("flip.gz"), gz)));
    }

    @Test
    void lyingHeaderFailsFastWithoutAllocating() {
        // 2^31-1 images of 28x28 claimed, 784 bytes present: must fail on the header, not try 1.6 TB.
        byte[] liar = idx(new int[] {Integer.MAX_VALUE, 28, 28}, new byte[784]);
        byte[] liarRank1 = idx(new int[] {Integer.MAX_VALUE - 8}, new byte[100]);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertTrue(fails(liar, "liar.idx").getMessage().contains("more than one Java array"));
            assertTrue(fails(gzip(liar), "liar.gz").getMessage().contains("more than one Java array"));
            // Fits in an array, so only the payload check stands between us and a 2 GB allocation.
            assertTrue(fails(liarRank1, "liar1.idx").getMessage().contains("holds only 100"));
            assertTrue(fails(gzip(liarRank1), "liar1.gz").getMessage().contains("only 100 are present"));
        });
    }

    @Test
    void trailingBytes() throws Exception {
        byte[] extra = idx(new int[] {2}, new byte[] {1, 2, 9, 9, 9});
        assertTrue(fails(extra, "x.idx").getMessage().contains("3 trailing bytes"));
        assertTrue(fails(gzip(extra), "x.gz").getMessage().contains("trailing bytes"));
    }

    @Test
    void nonPositiveDimension() throws Exception {
        assertTrue(fails(idx(new int[] {2, 0}, new byte[0]), "z.idx").getMessage().contains("must be positive"));
        assertTrue(fails(idx(new int[] {-1}, new byte[0]), "n.idx").getMessage().contains("must be positive"));
    }

    @Test
    void dimensionProductOverflow() throws Exception {
        int[] dims = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        assertTrue(fails(idx(dims, new byte[0]), "o.idx").getMessage().contains("overflow"));
    }

    @Test
    void readsFromStream() throws Exception {
        byte[] raw = idx(new int[] {1, 2}, new byte[] {(byte) 200, 3});
        IdxTensor t = Idx.read(new ByteArrayInputStream(raw), "mem");
        assertEquals(200, t.unsigned(0));
    }
}
