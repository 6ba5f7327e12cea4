package org.ae4j.core.linear;

import java.util.ServiceLoader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The heavy steps of a {@link Pca} fit: the column moments, adding a block's Gram product to a covariance, and
 * the symmetric eigensolver. {@link #ND4J} runs them as ND4J ops, on any backend; an engine may offer faster ones
 * by listing a class in {@code META-INF/services/org.ae4j.core.linear.CovarianceKernels} (the host engine's read
 * the data's host memory in Java and call BLAS syrk and LAPACK's dsyevr directly). PCA states what it computes;
 * which kernels run it is the engine's business.
 */
public interface CovarianceKernels {

    /** ND4J's product and {@code syev}: correct on every backend. */
    CovarianceKernels ND4J = new CovarianceKernels() {
        /** Rows per block of the moments: 2048 x 784 doubles (12.8 MB). */
        private static final int BLOCK_ROWS = 2048;

        @Override
        public boolean usable() {
            return true;
        }

        @Override
        public double[] columnSums(INDArray x) {
            double[] sums = new double[(int) x.columns()];
            for (long r = 0; r < x.rows(); r += BLOCK_ROWS) {
                try (INDArray block = block(x, r); INDArray s = block.sum(0)) {
                    double[] part = s.toDoubleVector();
                    for (int j = 0; j < sums.length; j++) {
                        sums[j] += part[j];
                    }
                }
            }
            return sums;
        }

        @Override
        public double squaredDeviations(INDArray x, double[] mean) {
            double total = 0;
            try (INDArray mu = Nd4j.createFromArray(mean).reshape(1, mean.length)) {
                for (long r = 0; r < x.rows(); r += BLOCK_ROWS) {
                    try (INDArray block = block(x, r)) {
                        block.subiRowVector(mu);
                        total += block.muli(block).sumNumber().doubleValue();
                    }
                }
            }
            return total;
        }

        /** Rows [r, r + BLOCK_ROWS) of x as a new DOUBLE array: ND4J M2.1 accumulates FLOAT sums in float. */
        private INDArray block(INDArray x, long r) {
            INDArray view = x.get(NDArrayIndex.interval(r, Math.min(x.rows(), r + BLOCK_ROWS)), NDArrayIndex.all());
            return x.dataType() == DataType.DOUBLE ? view.dup('c') : view.castTo(DataType.DOUBLE);
        }

        @Override
        public void addGram(INDArray xb, INDArray cov) {
            Nd4j.gemm(xb, xb, cov, true, false, 1.0, 1.0);
        }

        @Override
        public INDArray eigen(INDArray a, INDArray w) {
            int info = Nd4j.getBlasWrapper().lapack().syev('V', 'U', a, w);
            if (info != 0) {
                throw new IllegalStateException("LAPACK's symmetric eigensolver failed on the " + a.rows() + "x"
                        + a.rows() + " covariance (info " + info + ")");
            }
            return a;
        }
    };

    /** Whether these kernels may run in this process (the host engine's need it to be the engine in use). */
    boolean usable();

    /** Σ_i x_ij for each column j of x [N, D], accumulated in double. */
    double[] columnSums(INDArray x);

    /** Σ_i ||x_i − mean||² over the rows of x [N, D], accumulated in double. */
    double squaredDeviations(INDArray x, double[] mean);

    /**
     * cov += xbᵀ xb, for a row-major block xb [b, D] and a column-major cov [D, D], xb's type: at least the
     * upper triangle.
     */
    void addGram(INDArray xb, INDArray cov);

    /**
     * Eigenvalues of the symmetric DOUBLE a [D, D] (its upper triangle is read; a may be overwritten) into w [D],
     * ascending; returns the eigenvectors as the columns of a column-major [D, D] matrix (possibly a itself).
     */
    INDArray eigen(INDArray a, INDArray w);

    /** The first usable kernels an engine provides, else {@link #ND4J}. */
    static CovarianceKernels preferred() {
        for (CovarianceKernels k : ServiceLoader.load(CovarianceKernels.class)) {
            if (k.usable()) {
                return k;
            }
        }
        return ND4J;
    }
}
