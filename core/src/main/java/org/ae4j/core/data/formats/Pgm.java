package org.ae4j.core.data.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Parser for binary PGM ("P5") images with 8-bit samples.
 *
 * <p>Header: {@code P5}, width, height and maxval as decimal numbers separated by whitespace, where a
 * {@code #} starts a comment running to the end of its line; then exactly one whitespace byte and
 * {@code width*height} pixel bytes. maxval must be 1..255: 16-bit PGM (maxval 256..65535) is rejected
 * with its own message. Pixels above maxval are rejected.
 *
 * <p>Trailing bytes after the pixels are an error: the format allows several images in one file,
 * which this reader does not support, and in a single-image file they mean corruption.
 */
public final class Pgm {
    private Pgm() {
    }

    /** Reads and parses one PGM file. */
    public static PgmImage read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /**
     * Parses a whole PGM file held in memory.
     *
     * @param source names the data in error messages (file path or archive entry)
     */
    public static PgmImage parse(byte[] bytes, String source) {
        return new Parser(bytes, source).image();
    }

    /** A cursor over the bytes; one per parse. */
    private static final class Parser {
        private final byte[] b;
        private final String source;
        private int pos;

        Parser(byte[] b, String source) {
            this.b = b;
            this.source = source;
        }

        PgmImage image() {
            if (b.length < 2 || b[0] != 'P' || b[1] != '5') {
                String seen = b.length < 2 ? "a " + b.length + "-byte file" : "'" + printable(b[0]) + printable(b[1]) + "'";
                String hint = b.length >= 2 && b[0] == 'P' && b[1] == '2' ? " (plain-text PGM is not supported)" : "";
                throw error("not a binary PGM: magic must be 'P5', got " + seen + hint);
            }
            pos = 2;
            int width = number("width");
            int height = number("height");
            int maxval = number("maxval");
            if (width == 0 || height == 0) {
                throw error("image size must be positive, got " + width + "x" + height);
            }
            if (maxval >= 256 && maxval <= 65535) {
                throw error("16-bit PGM (maxval " + maxval + ") is not supported; maxval must be 1..255");
            }
            if (maxval < 1 || maxval > 255) {
                throw error("maxval " + maxval + " is out of range; it must be 1..255");
            }
            long need = (long) width * height;
            // The raster starts after exactly one whitespace byte (comments are not allowed here).
            if (pos >= b.length) {
                throw error("truncated: header ends before the pixels (need " + need + " bytes, have 0)");
            }
            if (!whitespace(b[pos])) {
                throw error("expected one whitespace byte after maxval, got '" + printable(b[pos]) + "'");
            }
            pos++;
            long have = b.length - pos;
            if (have < need) {
                throw error("truncated: " + width + "x" + height + " needs " + need + " pixel bytes, file has " + have);
            }
            if (have > need) {
                throw error((have - need) + " trailing bytes after the " + need + " pixel bytes");
            }
            byte[] pixels = Arrays.copyOfRange(b, pos, b.length);
            for (int i = 0; i < pixels.length; i++) {
                if ((pixels[i] & 0xFF) > maxval) {
                    throw error("pixel " + i + " is " + (pixels[i] & 0xFF) + ", above maxval " + maxval);
                }
            }
            return new PgmImage(width, height, maxval, pixels);
        }

        /** A non-negative decimal number preceded by whitespace and/or comments. */
        private int number(String field) {
            int start = pos;
            skipSpaceAndComments();
            if (pos >= b.length) {
                throw error("header ends early: missing " + field);
            }
            if (pos == start) {
                throw error("expected whitespace before " + field + ", got '" + printable(b[pos]) + "'");
            }
            if (b[pos] < '0' || b[pos] > '9') {
                throw error("expected " + field + " as a decimal number, got '" + printable(b[pos]) + "'");
            }
            long v = 0;
            while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
                v = 10 * v + (b[pos++] - '0');
                if (v > Integer.MAX_VALUE) {
                    throw error(field + " is too large");
                }
            }
            if (pos < b.length && !whitespace(b[pos]) && b[pos] != '#') {
                throw error("bad " + field + ": unexpected '" + printable(b[pos]) + "' after the digits");
            }
            return (int) v;
        }

        private void skipSpaceAndComments() {
            while (pos < b.length) {
                if (whitespace(b[pos])) {
                    pos++;
                } else if (b[pos] == '#') {
                    while (pos < b.length && b[pos] != '\n' && b[pos] != '\r') {
                        pos++;
                    }
                } else {
                    return;
                }
            }
        }

        private DataFormatException error(String problem) {
            return new DataFormatException(source + ": " + problem);
        }
    }

    private static boolean whitespace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c & 0xFF);
    }
}
