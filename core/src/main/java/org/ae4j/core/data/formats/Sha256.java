package org.ae4j.core.data.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as lowercase hex, of raw bytes or of decompressed content. */
public final class Sha256 {
    private Sha256() {
    }

    /** The digest of everything left in {@code in}. Does not close it. */
    public static String hex(InputStream in) throws IOException {
        MessageDigest md = newDigest();
        byte[] buf = new byte[Gzip.BUFFER];
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The digest of the file's bytes as stored. */
    public static String ofFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return hex(in);
        }
    }

    /**
     * The digest of the file's content: decompressed when it starts with the gzip magic, else raw.
     * Stable across re-compression, which changes the .gz bytes but not the content.
     */
    public static String ofContent(Path file) throws IOException {
        try (InputStream in = Gzip.open(file)) {
            return hex(in);
        }
    }

    /**
     * Checks the file's content digest (see {@link #ofContent}).
     *
     * @throws DataFormatException naming the file and both digests when they differ
     */
    public static void verifyContent(Path file, String expectedHex) throws IOException {
        String actual = ofContent(file);
        if (!actual.equalsIgnoreCase(expectedHex)) {
            throw new DataFormatException(file + ": SHA-256 of content is " + actual + " but " + expectedHex
                    + " was expected");
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
