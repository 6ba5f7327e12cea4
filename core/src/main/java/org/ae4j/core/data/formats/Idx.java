package org.ae4j.core.data.formats;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for IDX files (the MNIST format), raw or gzip-compressed.
 *
 * <p>Layout: magic {@code 00 00 TT RR} (TT = type code, RR = rank), then RR big-endian int32
 * dimensions, then the items row-major. Only type 0x08 (unsigned byte) is supported, at any rank.
 *
 * <p>Every header is checked against the payload before any large allocation: a raw file's header
 * is compared with the file length, and a gzip stream's payload is read into a buffer that grows
 * only as bytes actually arrive, so a lying header cannot trigger a huge allocation.
 */
public final class Idx {
    /** The only supported type code: unsigned byte. */
    public static final int UNSIGNED_BYTE = 0x08;

    // Largest array the JVM reliably allocates.
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    // First buffer for a stream of unknown length; doubled as data arrives.
    private static final int FIRST_CHUNK = 1 << 20;

    private Idx() {
    }

    /** Reads {@code file}, detecting gzip from its first two bytes (not its name). */
    public static IdxTensor read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), Gzip.BUFFER)) {
            if (Gzip.startsWithMagic(in)) {
                GZIPInputStream gz;
                try {
                    gz = new GZIPInputStream(in, Gzip.BUFFER);
                } catch (EOFException | ZipException e) {
                    throw new DataFormatException(file + ": starts like gzip but has a bad gzip header: " + e, e);
                }
                return read(gz, file.toString(), -1);
            }
            return read(in, file.toString(), Files.size(file));
        }
    }

    /**
     * Reads an uncompressed IDX stream of unknown length to its end.
     *
     * @param source names the data in error messages (usually the file path)
     */
    public static IdxTensor read(InputStream in, String source) throws IOException {
        return read(in, source, -1);
    }

    /** {@code streamLength} is the stream's total byte count when known, else -1. */
    private static IdxTensor read(InputStream in, String source, long streamLength) throws IOException {
        try {
            byte[] magic = new byte[4];
            readHeader(in, magic, source);
            if (magic[0] != 0 || magic[1] != 0) {
                throw new DataFormatException(source + ": not an IDX file: wrong magic number, expected "
                        + "00 00 08 <rank> but got " + hex(magic));
            }
            int type = magic[2] & 0xFF;
            if (type != UNSIGNED_BYTE) {
                throw new DataFormatException(source + ": unsupported IDX type code 0x" + hex(type)
                        + " (" + typeName(type) + "); only 0x08 (unsigned byte) is supported");
            }
            int rank = magic[3] & 0xFF;
            if (rank == 0) {
                throw new DataFormatException(source + ": IDX rank 0 (magic " + hex(magic) + ") is not supported");
            }
            byte[] header = new byte[4 * rank];
            readHeader(in, header, source);
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = ((header[4 * i] & 0xFF) << 24) | ((header[4 * i + 1] & 0xFF) << 16)
                        | ((header[4 * i + 2] & 0xFF) << 8) | (header[4 * i + 3] & 0xFF);
                if (dims[i] <= 0) {
                    throw new DataFormatException(source + ": IDX dimension " + i + " is " + dims[i]
                            + " but must be positive (dims " + Arrays.toString(dims) + ")");
                }
                try {
                    total = Math.multiplyExact(total, dims[i]);
                } catch (ArithmeticException e) {
                    throw new DataFormatException(source + ": IDX dims " + Arrays.toString(dims)
                            + " overflow: their product exceeds 2^63");
                }
            }
            if (total > MAX_BYTES) {
                throw new DataFormatException(source + ": IDX dims " + Arrays.toString(dims) + " claim " + total
                        + " bytes, more than one Java array can hold");
            }
            byte[] data = streamLength >= 0
                    ? readKnownLength(in, source, dims, (int) total, streamLength - 4 - header.length)
                    : readGrowing(in, source, dims, (int) total);
            if (in.read() != -1) {
                throw new DataFormatException(source + ": trailing bytes after the " + total
                        + " data bytes that IDX dims " + Arrays.toString(dims) + " call for");
            }
            return new IdxTensor(dims, data);
        } catch (ZipException | EOFException e) { // only a gzip stream throws these mid-read
            throw new DataFormatException(source + ": corrupt or truncated gzip data: " + e.getMessage(), e);
        }
    }

    /** Raw file: the payload size is known, so compare before allocating. */
    private static byte[] readKnownLength(InputStream in, String source, int[] dims, int total, long present)
            throws IOException {
        if (present < total) {
            throw new DataFormatException(source + ": truncated IDX file: dims " + Arrays.toString(dims)
                    + " claim " + total + " data bytes but the file holds only " + present);
        }
        if (present > total) {
            throw new DataFormatException(source + ": " + (present - total) + " trailing bytes after the "
                    + total + " data bytes that IDX dims " + Arrays.toString(dims) + " call for");
        }
        byte[] data = new byte[total];
        int filled = in.readNBytes(data, 0, total);
        if (filled < total) { // file shrank while reading
            throw truncated(source, dims, total, filled);
        }
        return data;
    }

    /** Stream of unknown length: grow the buffer only as bytes arrive. */
    private static byte[] readGrowing(InputStream in, String source, int[] dims, int total) throws IOException {
        byte[] buf = new byte[Math.min(total, FIRST_CHUNK)];
        int filled = 0;
        while (filled < total) {
            if (filled == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(total, 2L * buf.length));
            }
            int n;
            try {
                n = in.read(buf, filled, buf.length - filled);
            } catch (EOFException e) { // GZIPInputStream: compressed stream cut short
                throw new DataFormatException(source + ": truncated gzip stream after " + filled
                        + " of " + total + " IDX data bytes", e);
            }
            if (n < 0) {
                throw truncated(source, dims, total, filled);
            }
            filled += n;
        }
        return buf;
    }

    private static void readHeader(InputStream in, byte[] into, String source) throws IOException {
        int n;
        try {
            n = in.readNBytes(into, 0, into.length);
        } catch (EOFException e) {
            n = -1;
        }
        if (n != into.length) {
            throw new DataFormatException(source + ": truncated IDX file: it ends inside the header");
        }
    }

    private static DataFormatException truncated(String source, int[] dims, int total, int got) {
        return new DataFormatException(source + ": truncated IDX file: dims " + Arrays.toString(dims)
                + " claim " + total + " data bytes but only " + got + " are present");
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed byte";
            case 0x0B -> "int16";
            case 0x0C -> "int32";
            case 0x0D -> "float32";
            case 0x0E -> "float64";
            default -> "unknown";
        };
    }

    private static String hex(int b) {
        return String.format("%02x", b);
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(s.length() == 0 ? "" : " ").append(hex(b & 0xFF));
        }
        return s.toString();
    }
}
