package org.ae4j.core.data;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Examples as rows of a matrix, with optional integer labels.
 *
 * @param x      features, shape [N, D]
 * @param labels one label per row, or {@code null} for unlabelled data
 */
public record Dataset(INDArray x, int[] labels) {
    public Dataset {
        if (x == null || x.rank() != 2) {
            throw new IllegalArgumentException("Dataset features must be a rank-2 [N, D] array, got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        if (labels != null && labels.length != x.rows()) {
            throw new IllegalArgumentException("Dataset has " + x.rows() + " rows but " + labels.length + " labels");
        }
    }

    public static Dataset unlabelled(INDArray x) {
        return new Dataset(x, null);
    }

    /** {@link #x()} under the name image datasets use: [N, pixels]. */
    public INDArray images() {
        return x;
    }

    public int size() {
        return (int) x.rows();
    }

    public int dim() {
        return (int) x.columns();
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** The first {@code n} examples (all of them when n &gt;= size), sharing no storage with this one. */
    public Dataset head(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("head size must be positive, got " + n);
        }
        if (n >= size()) {
            return this;
        }
        INDArray rows = x.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup();
        return new Dataset(rows, labels == null ? null : Arrays.copyOf(labels, n));
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive), as a copy. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") is not a non-empty range of 0.." + size());
        }
        return rows(java.util.stream.IntStream.range(from, to).toArray());
    }

    /** The examples at {@code indices}, in that order (a copy). */
    public Dataset rows(int[] indices) {
        INDArray rows = x.getRows(indices);
        int[] l = null;
        if (labels != null) {
            l = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                l[i] = labels[indices[i]];
            }
        }
        return new Dataset(rows, l);
    }
}
