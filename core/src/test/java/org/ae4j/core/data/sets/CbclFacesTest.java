package org.ae4j.core.data.sets;

import static org.ae4j.core.data.formats.TestFiles.pgm;
import static org.ae4j.core.data.formats.TestFiles.ramp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.Split;
import org.ae4j.core.data.formats.DataFormatException;
import org.ae4j.core.data.formats.MissingDataException;
import org.ae4j.core.data.formats.TestFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class CbclFacesTest {
    @TempDir
    Path dir;

    private static final String HEADER = "P5\n19 19\n255\n";

    /** Writes entries (name -> bytes, or null for a directory) in the given order as a tar.gz. */
    private Path archive(Map<String, byte[]> entries) throws IOException {
        return TestFiles.write(dir.resolve(CbclFaces.ARCHIVE), TestFiles.gzip(TestFiles.tar(entries)));
    }

    @Test
    void loadsTinyArchiveSortedWithExactPixels() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("README", TestFiles.ascii("not an image"));
        entries.put("train/", null);
        entries.put("train/face/", null);
        entries.put("train/face/face00002.pgm", pgm(HEADER, ramp(361, 100)));
        entries.put("train/face/face00001.pgm", pgm(HEADER, ramp(361, 0)));
        entries.put("train/face/notes.txt", TestFiles.ascii("skip me"));
        entries.put("train/face/face00003.pgm.test", pgm(HEADER, ramp(361, 7)));
        entries.put("train/non-face/B1_00001.pgm", pgm("P5\n19 19\n15\n", new byte[361]));
        entries.put("test/face/cmu_0000.pgm", pgm(HEADER, ramp(361, 50)));
        archive(entries);

        Dataset faces = CbclFaces.load(dir, Split.TRAIN, CbclFaces.Kind.FACE);
        assertArrayEquals(new long[] {2, 361}, faces.x().shape());
        assertEquals(DataType.FLOAT, faces.x().dataType());
        assertArrayEquals(new int[] {1, 1}, faces.labels());
        // Row 0 is face00001 (sorted by name, not archive order): pixel i = i mod 256.
        assertEquals(0f, faces.x().getFloat(0, 0));
        assertEquals(1f, faces.x().getFloat(0, 255));
        assertEquals(105f / 255f, faces.x().getFloat(0, 105), 1e-7);
        assertEquals(104f / 255f, faces.x().getFloat(0, 360), 1e-7); // 360 mod 256
        assertEquals(100f / 255f, faces.x().getFloat(1, 0), 1e-7);

        Dataset nonFaces = CbclFaces.load(dir, Split.TRAIN, CbclFaces.Kind.NON_FACE);
        assertArrayEquals(new int[] {0}, nonFaces.labels());
        assertEquals(0f, nonFaces.x().sumNumber().floatValue());

        Dataset testFaces = CbclFaces.load(dir, Split.TEST, CbclFaces.Kind.FACE);
        assertEquals(1, testFaces.size());
        assertEquals(50f / 255f, testFaces.x().getFloat(0, 0), 1e-7);
    }

    @Test
    void scalesByMaxval() throws Exception {
        byte[] px = new byte[361];
        px[0] = 15;
        px[1] = 5;
        archive(Map.of("test/non-face/a.pgm", pgm("P5\n19 19\n15\n", px)));
        Dataset d = CbclFaces.load(dir, Split.TEST, CbclFaces.Kind.NON_FACE);
        assertEquals(1f, d.x().getFloat(0, 0));
        assertEquals(5f / 15f, d.x().getFloat(0, 1), 1e-7);
    }

    @Test
    void rejectsEntriesEscapingTheFolder() throws Exception {
        for (String evil : new String[] {"../evil.pgm", "train/face/../../evil.pgm", "/etc/evil.pgm", "C:/evil.pgm"}) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("train/face/face00001.pgm", pgm(HEADER, new byte[361]));
            entries.put(evil, pgm(HEADER, new byte[361]));
            archive(entries);
            DataFormatException e = assertThrows(DataFormatException.class,
                    () -> CbclFaces.load(dir, Split.TRAIN, CbclFaces.Kind.FACE), evil);
            assertTrue(e.getMessage().contains("'" + evil + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("absolute") || e.getMessage().contains(".."), e.getMessage());
        }
    }

    @Test
    void rejectsWrongSizeAndBadPgm() throws Exception {
        archive(Map.of("train/face/face00001.pgm", pgm("P5\n20 19\n255\n", new byte[380])));
        String m = assertThrows(DataFormatException.class,
                () -> CbclFaces.load(dir, Split.TRAIN, CbclFaces.Kind.FACE)).getMessage();
        assertTrue(m.contains("face00001.pgm") && m.contains("19x19") && m.contains("20x19"), m);

        archive(Map.of("train/face/face00001.pgm", pgm(HEADER, new byte[300])));
        m = assertThrows(DataFormatException.class,
                () -> CbclFaces.load(dir, Split.TRAIN, CbclFaces.Kind.FACE)).getMessage();
        assertTrue(m.contains("face00001.pgm") && m.contains("truncated"), m);
    }

    @Test
    void emptyFolderAndMissingArchive() throws Exception {
        assertTrue(assertThrows(MissingDataException.class,
                () -> CbclFaces.load(dir, Split.TRAIN, CbclFaces.Kind.FACE)).getMessage().contains("cbcl-face-database-1.tar.gz"));
        archive(Map.of("train/face/face00001.pgm", pgm(HEADER, new byte[361])));
        assertTrue(assertThrows(DataFormatException.class,
                () -> CbclFaces.load(dir, Split.TEST, CbclFaces.Kind.FACE)).getMessage().contains("test/face/"));
    }

    @Test
    void realTrainFaces() throws Exception {
        Path data = TestFiles.realData().orElse(null);
        Assumptions.assumeTrue(data != null, "shared datasets not present");
        Dataset faces = CbclFaces.load(data, Split.TRAIN, CbclFaces.Kind.FACE);
        assertEquals(2429, faces.size());
        assertEquals(361, faces.dim());
        int[] first = {104, 122, 142, 159, 162, 158, 167};
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i] / 255f, faces.x().getFloat(0, i), 1e-7);
        }
        assertEquals(127.11 / 255, TestFiles.mean(faces.x()), 0.006 / 255);
    }

    @Test
    void realCounts() throws Exception {
        Path data = TestFiles.realData().orElse(null);
        Assumptions.assumeTrue(data != null, "shared datasets not present");
        assertEquals(4548, CbclFaces.load(data, Split.TRAIN, CbclFaces.Kind.NON_FACE).size());
        assertEquals(472, CbclFaces.load(data, Split.TEST, CbclFaces.Kind.FACE).size());
        assertEquals(23572, CbclFaces.load(data, Split.TEST, CbclFaces.Kind.NON_FACE).size());
    }
}
