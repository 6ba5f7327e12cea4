package org.ae4j.core.data.formats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens files that may or may not be gzip-compressed. Compression is detected from the gzip magic
 * bytes 0x1f 0x8b, never from the file name, so a renamed or hand-decompressed file still reads.
 */
public final class Gzip {
    static final int BUFFER = 1 << 16;

    private Gzip() {
    }

    /** Whether {@code file} starts with the gzip magic bytes. */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** The decompressed content of {@code file} (its raw bytes when it is not gzip), buffered. */
    public static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            return startsWithMagic(in) ? new GZIPInputStream(in, BUFFER) : in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Peeks at the first two bytes of a mark-supporting stream, leaving it where it was. */
    static boolean startsWithMagic(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }
}
