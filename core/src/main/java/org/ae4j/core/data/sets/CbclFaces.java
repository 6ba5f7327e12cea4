package org.ae4j.core.data.sets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.Split;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.data.formats.DataFormatException;
import org.ae4j.core.data.formats.Gzip;
import org.ae4j.core.data.formats.MissingDataException;
import org.ae4j.core.data.formats.Pgm;
import org.ae4j.core.data.formats.PgmImage;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MIT CBCL Face Database #1, read straight from its tar.gz (streamed, nothing extracted to disk).
 *
 * <p>The archive holds {@code train/face/}, {@code train/non-face/}, {@code test/face/} and
 * {@code test/non-face/} folders of 19x19 binary PGMs. Only entries directly in the chosen folder whose
 * name ends in {@code .pgm} count, so {@code test/non-face/cmu_5286.pgm.test} is left out. Expected
 * counts: train face 2429, train non-face 4548, test face 472, test non-face 23572.
 *
 * <p>Result: x FLOAT [N, 361], pixel/maxval in [0, 1], rows ordered by entry name (so the order does not
 * depend on the archive's), labels all 1 for {@link Kind#FACE} and all 0 for {@link Kind#NON_FACE}, so
 * face and non-face sets can be concatenated into a labelled set.
 *
 * <p>Any entry whose name could escape the archive folder (absolute path, drive letter, {@code ..}
 * segment) or is a link makes the whole archive an error, whether or not it is in the chosen folder.
 */
public final class CbclFaces {
    public static final int SIDE = 19;
    public static final int PIXELS = SIDE * SIDE;
    /** Where the archive lives relative to a data directory. */
    public static final String ARCHIVE = "cbcl-faces/cbcl-face-database-1.tar.gz";

    // A 19x19 PGM is 374 bytes; anything far bigger is not one of ours, so never buffer it.
    private static final long MAX_ENTRY_BYTES = 1 << 20;

    /** Face or non-face patches; also their folder name and label. */
    public enum Kind {
        FACE("face", 1),
        NON_FACE("non-face", 0);

        private final String folder;
        private final int label;

        Kind(String folder, int label) {
            this.folder = folder;
            this.label = label;
        }

        public String folder() {
            return folder;
        }

        /** 1 for faces, 0 for non-faces. */
        public int label() {
            return label;
        }
    }

    private CbclFaces() {
    }

    /** Loads from {@code <dataDir>/cbcl-faces/cbcl-face-database-1.tar.gz}. */
    public static Dataset load(Path dataDir, Split split, Kind kind) throws IOException {
        Path archive = dataDir.resolve(ARCHIVE);
        if (!Files.isRegularFile(archive)) {
            throw new MissingDataException("CBCL faces archive not found: " + archive.toAbsolutePath()
                    + "; put cbcl-face-database-1.tar.gz there (see datasets README)");
        }
        return fromArchive(archive, split, kind);
    }

    /** Loads from the first data directory holding the archive; see {@link DataDir#require}. */
    public static Dataset load(DataDir dirs, Split split, Kind kind) throws IOException {
        return fromArchive(dirs.require(ARCHIVE), split, kind);
    }

    /** Loads one folder of a CBCL archive (tar, gzip-compressed or not). */
    public static Dataset fromArchive(Path archive, Split split, Kind kind) throws IOException {
        String folder = (split == Split.TRAIN ? "train" : "test") + "/" + kind.folder();
        Map<String, PgmImage> images = new TreeMap<>(); // sorted by name: deterministic row order
        try (InputStream in = Gzip.open(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                List<String> parts = safeSegments(name, archive);
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw new DataFormatException(archive + ": tar entry '" + name + "' is a link; links are not supported");
                }
                if (!entry.isFile() || parts.size() != 3 || !name.endsWith(".pgm")
                        || !folder.equals(parts.get(0) + "/" + parts.get(1))) {
                    continue;
                }
                String where = archive + "!" + name;
                if (entry.getSize() > MAX_ENTRY_BYTES) {
                    throw new DataFormatException(where + ": entry of " + entry.getSize()
                            + " bytes is far too big for a 19x19 PGM");
                }
                byte[] bytes = tar.readNBytes((int) entry.getSize());
                if (bytes.length != entry.getSize()) {
                    throw new DataFormatException(where + ": truncated archive, entry has " + bytes.length
                            + " of " + entry.getSize() + " bytes");
                }
                PgmImage img = Pgm.parse(bytes, where);
                if (img.width() != SIDE || img.height() != SIDE) {
                    throw new DataFormatException(where + ": CBCL images must be 19x19, got "
                            + img.width() + "x" + img.height());
                }
                if (images.put(String.join("/", parts), img) != null) {
                    throw new DataFormatException(where + ": duplicate tar entry");
                }
            }
        }
        if (images.isEmpty()) {
            throw new DataFormatException(archive + ": no *.pgm entries in folder " + folder + "/");
        }
        int n = images.size();
        float[] x = new float[n * PIXELS];
        int row = 0;
        for (PgmImage img : images.values()) {
            for (int i = 0; i < PIXELS; i++) {
                x[row * PIXELS + i] = img.intensity(i);
            }
            row++;
        }
        int[] labels = new int[n];
        Arrays.fill(labels, kind.label());
        return new Dataset(Nd4j.create(x, new long[] {n, PIXELS}, DataType.FLOAT), labels);
    }

    /**
     * The name's path segments without empty and "." ones.
     *
     * @throws DataFormatException if the name is absolute, has a drive letter or a ".." segment
     */
    static List<String> safeSegments(String name, Path archive) {
        // Backslash counts as a separator too: a Windows-made archive could use it to smuggle "..\".
        String unified = name.replace('\\', '/');
        if (unified.startsWith("/") || unified.matches("^[A-Za-z]:.*")) {
            throw new DataFormatException(archive + ": tar entry '" + name
                    + "' has an absolute path; entries must stay inside the archive folder");
        }
        List<String> parts = new ArrayList<>();
        for (String s : unified.split("/")) {
            if (s.equals("..")) {
                throw new DataFormatException(archive + ": tar entry '" + name
                        + "' has a '..' segment that escapes the archive folder");
            }
            if (!s.isEmpty() && !s.equals(".")) {
                parts.add(s);
            }
        }
        return parts;
    }
}
