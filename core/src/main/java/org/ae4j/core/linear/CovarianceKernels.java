package org.ae4j.core.linear;

import java.util.ServiceLoader;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two heavy steps of a {@link Pca} fit: adding a block's Gram product to a covariance, and the symmetric
 * eigensolver. {@link #ND4J} runs them as ND4J ops, on any backend; an engine may offer faster ones by listing a
 * class in {@code META-INF/services/org.ae4j.core.linear.CovarianceKernels} (the host engine's call BLAS syrk and
 * LAPACK's dsyevr directly). PCA states what it computes; which kernels run it is the engine's business.
 */
public interface CovarianceKernels {

    /** ND4J's product and {@code syev}: correct on every backend. */
    CovarianceKernels ND4J = new CovarianceKernels() {
        @Override
        public boolean usable() {
            return true;
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
