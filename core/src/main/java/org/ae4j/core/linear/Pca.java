package org.ae4j.core.linear;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Principal component analysis of the rows of x [N, D], fitted once and immutable ({@code Pca.fit(x, k)}).
 *
 * <p>With mean mu = (1/N) sum_i x_i and covariance C = (1/N) Xc^T Xc (Xc = X - mu; 1/N as in the lecture),
 * the components W [k, D] are the top-k eigenvectors of C and the explained variances their eigenvalues
 * lambda_j, so (1/N) sum_i ||x_i - mu||^2 = reconstruction error + sum_j lambda_j.
 *
 * <p>Method: C from row blocks, each block's Gram product added to it, then LAPACK's symmetric eigensolver on C,
 * both through {@link CovarianceKernels}: ND4J's product and {@code syev} by default, or the engine's (the host
 * engine's symmetric rank-k product and dsyevr: a fit of 30 components to MNIST's 60,000 training images in 0.45
 * instead of 0.77-0.84 s on two threads).
 * Precision: mean, total variance, eigendecomposition and every stored result are DOUBLE. Only the one
 * O(N D^2) step, the covariance product, runs in FLOAT when x is FLOAT: twice as fast, and on MNIST the
 * top-30 variances move by about 1e-8 (relative), far below the input's own precision. {@link #encode},
 * {@link #decode} and {@link #reconstruct} compute in DOUBLE and return their input's data type.
 *
 * <p>Not ND4J's {@code dimensionalityreduction.PCA}: in M2.1 it returns transposed factors and overwrites
 * its input. Nor {@code level3().syrk}: M2.1 passes K = 1 to BLAS and returns zeros.
 */
public final class Pca {
    /** The covariance product and eigensolver of the engine in use (see {@link CovarianceKernels#preferred}). */
    private static final CovarianceKernels KERNELS = CovarianceKernels.preferred();
    /** Rows per covariance block: 4096 x 784 floats (12.5 MB) keep BLAS at full speed. */
    private static final int BLOCK_ROWS = 4096;

    private final INDArray mean;        // [1, D] DOUBLE
    private final INDArray components;  // [k, D] DOUBLE, orthonormal rows
    private final double[] variances;   // [D] all eigenvalues of C, descending, clamped at 0
    private final double totalVariance;
    private final long n;

    private Pca(INDArray mean, INDArray components, double[] variances, double totalVariance, long n) {
        this.mean = mean;
        this.components = components;
        this.variances = variances;
        this.totalVariance = totalVariance;
        this.n = n;
    }

    /** Fits the top-k principal directions of the rows of x [N, D] (x is not modified); 1 <= k <= min(N, D). */
    public static Pca fit(INDArray x, int k) {
        return fit(x, k, BLOCK_ROWS);
    }

    /** {@link #fit(INDArray, int)} with the covariance accumulated over blocks of blockRows rows. */
    static Pca fit(INDArray x, int k, int blockRows) {
        if (x == null || x.rank() != 2) {
            throw new IllegalArgumentException("PCA needs a rank-2 [N, D] matrix, got "
                    + (x == null ? "null" : "shape " + Arrays.toString(x.shape())));
        }
        long n = x.rows();
        int d = (int) x.columns();
        if (n < 1 || d < 1) {
            throw new IllegalArgumentException("PCA needs at least one row and one column, got shape "
                    + Arrays.toString(x.shape()));
        }
        if (k < 1 || k > Math.min(n, d)) {
            throw new IllegalArgumentException("k must be in 1..min(N, D) = " + Math.min(n, d) + ", got " + k);
        }
        ColumnMoments moments = ColumnMoments.of(x, KERNELS); // also rejects NaN and Inf
        INDArray meanRow = Nd4j.createFromArray(moments.mean()).reshape(1, d);
        INDArray a = covariance(x, meanRow, blockRows); // its upper triangle; the eigensolver may overwrite it
        INDArray w = Nd4j.create(DataType.DOUBLE, d);
        INDArray vectors = KERNELS.eigen(a, w);
        // Eigenvalues come ascending with the eigenvectors as columns: reverse, and clamp the tiny
        // negative values rounding leaves on a positive semi-definite matrix.
        double[] ascending = w.toDoubleVector();
        double[] variances = new double[d];
        for (int i = 0; i < d; i++) {
            variances[i] = Math.max(0, ascending[d - 1 - i]);
        }
        double[][] rows = vectors.get(NDArrayIndex.all(), NDArrayIndex.interval(d - k, d)).transpose().toDoubleMatrix();
        double[][] comps = new double[k][];
        for (int i = 0; i < k; i++) {
            comps[i] = fixSign(rows[k - 1 - i]);
        }
        // Free the D x D work arrays now: repeated fits otherwise hold ~25 MB each until a garbage collection.
        w.close();
        vectors.close();
        if (a != vectors) { // the default eigensolver works in place
            a.close();
        }
        return new Pca(meanRow, Nd4j.create(comps), variances, moments.totalVariance(), n);
    }

    public int k() {
        return (int) components.rows();
    }

    public int dim() {
        return (int) components.columns();
    }

    /** The mean mu [1, D], DOUBLE (a copy). */
    public INDArray mean() {
        return mean.dup();
    }

    /**
     * The principal directions [k, D], DOUBLE (a copy): orthonormal rows by decreasing variance, each
     * signed so that its largest-magnitude entry is positive (eigenvectors are defined up to sign only).
     */
    public INDArray components() {
        return components.dup();
    }

    /** [k] lambda_j: the variance (1/N normalization) of the data along component j. */
    public double[] explainedVariance() {
        return Arrays.copyOf(variances, k());
    }

    /** [k] lambda_j / totalVariance (all zero when the data has no variance). */
    public double[] explainedVarianceRatio() {
        double[] r = explainedVariance();
        for (int i = 0; i < r.length; i++) {
            r[i] = totalVariance > 0 ? r[i] / totalVariance : 0;
        }
        return r;
    }

    /** (1/N) sum_i ||x_i - mu||^2 over all D directions (= trace C), computed directly in double. */
    public double totalVariance() {
        return totalVariance;
    }

    /**
     * [D] every eigenvalue of C, descending, whatever k: the explained-variance curve beyond k without a
     * refit. Entries past the rank of the centered data (at most N - 1) are 0 up to rounding.
     */
    public double[] allVariances() {
        return variances.clone();
    }

    /** [k] singular values of the centered data matrix Xc: sqrt(N lambda_j). */
    public double[] singularValues() {
        return Arrays.stream(explainedVariance()).map(v -> Math.sqrt(n * v)).toArray();
    }

    /** Codes z = (x - mu) W^T: [M, D] to [M, k], in x's data type. */
    public INDArray encode(INDArray x) {
        check(x, dim(), "x");
        return centered(x).mmul(components.transpose()).castTo(x.dataType());
    }

    /** Reconstructions z W + mu: [M, k] to [M, D], in z's data type. */
    public INDArray decode(INDArray z) {
        check(z, k(), "z");
        return z.castTo(DataType.DOUBLE).mmul(components).addiRowVector(mean).castTo(z.dataType());
    }

    /** decode(encode(x)) without rounding the codes to x's type: [M, D] to [M, D], in x's data type. */
    public INDArray reconstruct(INDArray x) {
        check(x, dim(), "x");
        return centered(x).mmul(components.transpose()).mmul(components).addiRowVector(mean).castTo(x.dataType());
    }

    /** (1/M) sum_i ||x_i - reconstruct(x_i)||^2 over the M rows of x, in double. */
    public double reconstructionError(INDArray x) {
        check(x, dim(), "x");
        INDArray xc = centered(x);
        INDArray residual = xc.subi(xc.mmul(components.transpose()).mmul(components));
        return residual.muli(residual).sumNumber().doubleValue() / x.rows();
    }

    /** The first k2 components (1 <= k2 <= k) as a new Pca, without refitting. */
    public Pca truncate(int k2) {
        if (k2 < 1 || k2 > k()) {
            throw new IllegalArgumentException("truncate needs 1 <= k2 <= k = " + k() + ", got " + k2);
        }
        return new Pca(mean, components.get(NDArrayIndex.interval(0, k2), NDArrayIndex.all()).dup(),
                variances, totalVariance, n);
    }

    @Override
    public String toString() {
        return String.format("Pca[k=%d, dim=%d, explained %.4f of %.6g]", k(), dim(),
                Arrays.stream(explainedVarianceRatio()).sum(), totalVariance);
    }

    /** x - mu in DOUBLE, always a new array (castTo returns x itself when x is already DOUBLE). */
    private INDArray centered(INDArray x) {
        return x.castTo(DataType.DOUBLE).subRowVector(mean);
    }

    private static void check(INDArray a, int columns, String name) {
        if (a == null || a.rank() != 2 || a.columns() != columns) {
            throw new IllegalArgumentException(name + " must be [M, " + columns + "], got "
                    + (a == null ? "null" : Arrays.toString(a.shape())));
        }
    }

    /**
     * C = Xc^T Xc / N, DOUBLE [D, D] column-major, its upper triangle at least. Blocks of rows are centered
     * into one reused buffer and their products summed by BLAS (beta = 1): no N x D centered copy, whose
     * allocation alone cost 0.1-0.5 s on MNIST.
     */
    private static INDArray covariance(INDArray x, INDArray meanRow, int blockRows) {
        DataType t = x.dataType() == DataType.FLOAT ? DataType.FLOAT : DataType.DOUBLE;
        INDArray src = x.dataType() == t ? x : x.castTo(t);
        INDArray mean = meanRow.castTo(t);
        long n = x.rows();
        int d = (int) x.columns();
        int rows = (int) Math.min(n, blockRows);
        INDArray buffer = Nd4j.createUninitialized(t, new long[] {rows, d}, 'c');
        INDArray cov = Nd4j.create(t, new long[] {d, d}, 'f'); // zeros: each block's product is added (beta 1)
        for (long r = 0; r < n; r += rows) {
            int b = (int) Math.min(rows, n - r);
            INDArray xb = b == rows ? buffer : buffer.get(NDArrayIndex.interval(0, b), NDArrayIndex.all());
            xb.assign(src.get(NDArrayIndex.interval(r, r + b), NDArrayIndex.all())).subiRowVector(mean);
            KERNELS.addGram(xb, cov);
        }
        // Column-major kept: only the upper triangle of that layout may hold values.
        INDArray out = t == DataType.DOUBLE ? cov : Nd4j.create(DataType.DOUBLE, new long[] {d, d}, 'f').assign(cov);
        // Work arrays only: never x, nor meanRow (castTo returns the array itself when the type already matches).
        buffer.close();
        for (INDArray[] pair : new INDArray[][] {{cov, out}, {mean, meanRow}, {src, x}}) { // {work array, result or input}
            if (pair[0] != pair[1]) {
                pair[0].close();
            }
        }
        return out.divi(n);
    }

    /** Negates v unless its largest-magnitude entry (the first, on ties) is positive. */
    private static double[] fixSign(double[] v) {
        int arg = 0;
        for (int i = 1; i < v.length; i++) {
            arg = Math.abs(v[i]) > Math.abs(v[arg]) ? i : arg;
        }
        return v[arg] < 0 ? Arrays.stream(v).map(e -> -e).toArray() : v;
    }
}
