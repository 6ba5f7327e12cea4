package org.ae4j.core.data.formats;

import java.util.Arrays;

/**
 * An unsigned-byte IDX tensor: its dimensions and its items in row-major order. The arrays are
 * shared, not copied (MNIST images are 47 MB); treat them as read-only.
 *
 * @param dims positive dimensions, outermost (the item count) first, e.g. [60000, 28, 28]
 * @param data the raw bytes, {@code product(dims)} of them; read each as {@code b & 0xFF}
 */
public record IdxTensor(int[] dims, byte[] data) {
    public IdxTensor {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("IDX tensor needs at least one dimension");
        }
        if (data == null) {
            throw new IllegalArgumentException("IDX tensor data must not be null");
        }
        long n = 1;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("IDX dimensions must be positive, got " + Arrays.toString(dims));
            }
            n *= d; // cannot overflow before exceeding data.length, checked next
            if (n > data.length) {
                break;
            }
        }
        if (n != data.length) {
            throw new IllegalArgumentException("IDX dims " + Arrays.toString(dims) + " do not match "
                    + data.length + " data bytes");
        }
    }

    public int rank() {
        return dims.length;
    }

    /** The outermost dimension: number of images, labels, ... */
    public int count() {
        return dims[0];
    }

    /** Bytes per item: the product of all dimensions but the first. */
    public int itemSize() {
        return data.length / dims[0];
    }

    /** The byte at flat row-major {@code index} as 0..255. */
    public int unsigned(int index) {
        return data[index] & 0xFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxTensor t && Arrays.equals(dims, t.dims) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxTensor" + Arrays.toString(dims);
    }
}
