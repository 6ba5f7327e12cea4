package org.ae4j.core.data.formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Builders for small test files, and the location of the real datasets when present. */
public final class TestFiles {
    private TestFiles() {
    }

    /** An unsigned-byte IDX file's bytes: magic, dims (as given, even if they lie), then data. */
    public static byte[] idx(int[] dims, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(0);
        out.write(0x08);
        out.write(dims.length);
        for (int d : dims) {
            out.write(d >>> 24);
            out.write(d >>> 16);
            out.write(d >>> 8);
            out.write(d);
        }
        out.writeBytes(data);
        return out.toByteArray();
    }

    /**
     * Mean of all entries, summed in double: ND4J's FLOAT meanNumber drifts by ~0.3% over MNIST's 47M
     * entries, too much for a 4-digit check.
     */
    public static double mean(INDArray a) {
        double sum = 0;
        for (float f : a.dup('c').data().asFloat()) {
            sum += f;
        }
        return sum / a.length();
    }

    public static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        }
        return bytes.toByteArray();
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A P5 file: the given header text followed by the pixel bytes. */
    public static byte[] pgm(String header, byte[] pixels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(header));
        out.writeBytes(pixels);
        return out.toByteArray();
    }

    public static byte[] ramp(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ((start + i) % 256);
        }
        return b;
    }

    public static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    /**
     * A minimal ustar archive: entries (name -> bytes, or null for a directory) in the given order.
     * Hand-written because commons-compress 1.26's TarArchiveOutputStream needs a newer commons-lang3
     * than ND4J puts on the classpath; names are stored verbatim, so hostile names can be built too.
     */
    public static byte[] tar(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] data = e.getValue() == null ? new byte[0] : e.getValue();
            byte[] h = new byte[512];
            field(h, 0, 100, e.getKey());
            field(h, 100, 8, e.getValue() == null ? "0000755" : "0000644");
            field(h, 108, 8, "0000000");
            field(h, 116, 8, "0000000");
            field(h, 124, 12, String.format("%011o", data.length));
            field(h, 136, 12, "00000000000");
            h[156] = (byte) (e.getValue() == null ? '5' : '0');
            field(h, 257, 6, "ustar");
            field(h, 263, 2, "00");
            Arrays.fill(h, 148, 156, (byte) ' '); // checksum is computed with its own field as spaces
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xFF;
            }
            field(h, 148, 8, String.format("%06o", sum));
            h[155] = ' ';
            out.writeBytes(h);
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void field(byte[] header, int offset, int length, String value) {
        byte[] v = ascii(value);
        if (v.length > length) {
            throw new IllegalArgumentException("tar field too long: " + value);
        }
        System.arraycopy(v, 0, header, offset, v.length);
    }

    /** The shared datasets folder, if this machine has it (tests needing it are skipped otherwise). */
    public static Optional<Path> realData() {
        for (Path p : DataDir.resolve().existing()) {
            if (Files.isDirectory(p.resolve("mnist")) && Files.isDirectory(p.resolve("cbcl-faces"))) {
                return Optional.of(p);
            }
        }
        Path relative = Path.of("../../shared/datasets"); // Surefire runs in core/
        return Files.isDirectory(relative) ? Optional.of(relative) : Optional.empty();
    }
}
