package org.ae4j.core.linear;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Column means mu [D] and total variance (1/N) sum_i ||x_i - mu||^2 of x [N, D], accumulated in double in
 * two passes over blocks of rows, each cast to DOUBLE and reduced by ND4J. Why not {@code x.mean(0)}: on FLOAT
 * input ND4J M2.1 accumulates in float, 2e-5 off on MNIST, even with a DOUBLE output array. The first pass
 * doubles as the NaN/Inf check: a non-finite entry makes its column sum non-finite, and only then is the
 * column searched for it, to name it.
 *
 * @param mean          [D] column means
 * @param totalVariance (1/N) sum_i ||x_i - mu||^2
 */
record ColumnMoments(double[] mean, double totalVariance) {
    /** Rows per block: 2048 x 784 doubles (12.8 MB). */
    private static final int BLOCK_ROWS = 2048;

    /** The moments of the rows of x, a rank-2 array with at least one row; x is not modified. */
    static ColumnMoments of(INDArray x) {
        long n = x.rows();
        int d = (int) x.columns();
        double[] mu = new double[d];
        for (long r = 0; r < n; r += BLOCK_ROWS) {
            try (INDArray block = block(x, r, n)) {
                try (INDArray sums = block.sum(0)) {
                    double[] s = sums.toDoubleVector();
                    for (int j = 0; j < d; j++) {
                        mu[j] += s[j];
                    }
                }
            }
        }
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(mu[j])) {
                throw new IllegalArgumentException(nonFinite(x, j));
            }
            mu[j] /= n;
        }
        // Second pass on x - mu rather than E||x||^2 - ||mu||^2, which cancels badly when |mu| >> spread.
        double total = 0;
        try (INDArray mean = org.nd4j.linalg.factory.Nd4j.createFromArray(mu).reshape(1, d)) {
            for (long r = 0; r < n; r += BLOCK_ROWS) {
                try (INDArray block = block(x, r, n)) {
                    block.subiRowVector(mean);
                    total += block.muli(block).sumNumber().doubleValue();
                }
            }
        }
        return new ColumnMoments(mu, total / n);
    }

    /** Rows [r, r + BLOCK_ROWS) of x as a new DOUBLE array. */
    private static INDArray block(INDArray x, long r, long n) {
        INDArray view = x.get(NDArrayIndex.interval(r, Math.min(n, r + BLOCK_ROWS)), NDArrayIndex.all());
        return x.dataType() == DataType.DOUBLE ? view.dup('c') : view.castTo(DataType.DOUBLE);
    }

    private static String nonFinite(INDArray x, int column) {
        double[] values = x.getColumn(column).castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                return "x contains " + (Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf") + " at row " + i
                        + ", column " + column + ": PCA needs finite values";
            }
        }
        return "x column " + column + " sums to a non-finite value (entries too large): PCA needs finite values";
    }
}
