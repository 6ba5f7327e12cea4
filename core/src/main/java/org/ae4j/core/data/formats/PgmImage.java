package org.ae4j.core.data.formats;

import java.util.Arrays;

/**
 * An 8-bit grayscale image. The pixel array is shared, not copied; treat it as read-only.
 *
 * @param width  columns, positive
 * @param height rows, positive
 * @param maxval the white level, 1..255
 * @param pixels {@code width*height} bytes, row-major from the top-left, each read as {@code b & 0xFF}
 *               and at most {@code maxval}
 */
public record PgmImage(int width, int height, int maxval, byte[] pixels) {
    public PgmImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("PGM size must be positive, got " + width + "x" + height);
        }
        if (maxval < 1 || maxval > 255) {
            throw new IllegalArgumentException("PGM maxval must be 1..255, got " + maxval);
        }
        if (pixels == null || pixels.length != (long) width * height) {
            throw new IllegalArgumentException("PGM " + width + "x" + height + " needs " + (long) width * height
                    + " pixels, got " + (pixels == null ? "null" : pixels.length));
        }
        for (int i = 0; i < pixels.length; i++) {
            if ((pixels[i] & 0xFF) > maxval) {
                throw new IllegalArgumentException("PGM pixel " + i + " is " + (pixels[i] & 0xFF)
                        + ", above maxval " + maxval);
            }
        }
    }

    /** The gray level at ({@code row}, {@code col}) as 0..maxval. */
    public int gray(int row, int col) {
        if (row < 0 || row >= height || col < 0 || col >= width) {
            throw new IndexOutOfBoundsException("(" + row + ", " + col + ") outside " + width + "x" + height);
        }
        return pixels[row * width + col] & 0xFF;
    }

    /** Pixel {@code i} (row-major) scaled to [0, 1] as pixel/maxval. */
    public float intensity(int i) {
        return (pixels[i] & 0xFF) / (float) maxval;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PgmImage p && width == p.width && height == p.height && maxval == p.maxval
                && Arrays.equals(pixels, p.pixels);
    }

    @Override
    public int hashCode() {
        return ((31 * width + height) * 31 + maxval) * 31 + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "PgmImage[" + width + "x" + height + ", maxval " + maxval + "]";
    }
}
