package org.ae4j.core.linear;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Column means mu [D] and total variance (1/N) sum_i ||x_i - mu||^2 of x [N, D], accumulated in double in two
 * passes by {@link CovarianceKernels}. Why not {@code x.mean(0)}: on FLOAT input ND4J M2.1 accumulates in float,
 * 2e-5 off on MNIST, even with a DOUBLE output array. The first pass doubles as the NaN/Inf check: a non-finite
 * entry makes its column sum non-finite, and only then is the column searched for it, to name it.
 *
 * @param mean          [D] column means
 * @param totalVariance (1/N) sum_i ||x_i - mu||^2
 */
record ColumnMoments(double[] mean, double totalVariance) {
    /** The moments of the rows of x, a rank-2 array with at least one row; x is not modified. */
    static ColumnMoments of(INDArray x, CovarianceKernels kernels) {
        long n = x.rows();
        double[] mu = kernels.columnSums(x);
        for (int j = 0; j < mu.length; j++) {
            if (!Double.isFinite(mu[j])) {
                throw new IllegalArgumentException(nonFinite(x, j));
            }
            mu[j] /= n;
        }
        // Second pass on x - mu rather than E||x||^2 - ||mu||^2, which cancels badly when |mu| >> spread.
        return new ColumnMoments(mu, kernels.squaredDeviations(x, mu) / n);
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
