package org.ae4j.core.engine.host;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.function.LongToDoubleFunction;
import org.ae4j.core.engine.Engine;
import org.ae4j.core.linear.CovarianceKernels;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PCA's kernels on the host engine: the column moments read straight from the data's host memory, the symmetric
 * rank-k product (BLAS syrk, half a full product's work) cut among
 * ae4j's threads, and LAPACK's eigensolver by relatively robust representations (dsyevr, 2-3 times faster than
 * syev on MNIST's 784 x 784 covariance), both OpenBLAS's called directly on the arrays' host memory.
 */
public final class HostCovarianceKernels implements CovarianceKernels {

    @Override
    public boolean usable() {
        return Engine.current().name().equals(Engine.HOST);
    }

    /** In row order, one Java pass over x's host memory (about 0.05 s for MNIST's 60,000 x 784 floats, no copy). */
    @Override
    public double[] columnSums(INDArray x) {
        LongToDoubleFunction at = reader(x);
        int d = (int) x.columns();
        double[] sums = new double[d];
        for (long i = 0, o = 0, n = x.rows(); i < n; i++) {
            for (int j = 0; j < d; j++, o++) {
                sums[j] += at.applyAsDouble(o);
            }
        }
        return sums;
    }

    @Override
    public double squaredDeviations(INDArray x, double[] mean) {
        LongToDoubleFunction at = reader(x);
        int d = (int) x.columns();
        double total = 0;
        for (long i = 0, o = 0, n = x.rows(); i < n; i++) {
            for (int j = 0; j < d; j++, o++) {
                double e = at.applyAsDouble(o) - mean[j];
                total += e * e;
            }
        }
        return total;
    }

    /**
     * Element i, in row-major order, of x: NIO reads of its buffer where it is a dense FLOAT or DOUBLE array
     * (3 times faster than {@code DataBuffer.getDouble}), else of a DOUBLE copy.
     */
    private static LongToDoubleFunction reader(INDArray x) {
        boolean direct = x.dataType() == DataType.FLOAT || x.dataType() == DataType.DOUBLE;
        INDArray c = HostBuffers.dense(x) && direct ? x : x.castTo(DataType.DOUBLE).dup('c'); // views, 'f', ints
        if (c.length() * c.dataType().width() > Integer.MAX_VALUE) { // beyond what a ByteBuffer can index
            return c.data()::getDouble;
        }
        if (c.dataType() == DataType.FLOAT) {
            FloatBuffer f = HostBuffers.bytes(c).asFloatBuffer();
            return i -> f.get((int) i);
        }
        DoubleBuffer v = HostBuffers.bytes(c).asDoubleBuffer();
        return i -> v.get((int) i);
    }

    /** A row-major [b, D] block is the column-major [D, b] matrix M with M Mᵀ = xbᵀ xb. */
    @Override
    public void addGram(INDArray xb, INDArray cov) {
        int d = (int) xb.columns(); // Blas.Matrix.of refuses arrays not contiguous from their buffer's start
        Blas.syrk(true, false, d, (int) xb.rows(), 1.0, Blas.Matrix.of(xb).at(0, d), 1.0, Blas.Matrix.of(cov).at(0, d));
    }

    @Override
    public INDArray eigen(INDArray a, INDArray w) {
        int d = (int) a.rows();
        requireWhole(a);
        requireWhole(w);
        INDArray vectors = Nd4j.create(DataType.DOUBLE, new long[] {d, d}, 'f');
        int info;
        try (IntPointer found = new IntPointer(1); IntPointer support = new IntPointer(2L * d)) {
            // All D pairs ('A'): the explained-variance curve needs every eigenvalue.
            info = openblas.LAPACKE_dsyevr(openblas.LAPACK_COL_MAJOR, (byte) 'V', (byte) 'A', (byte) 'U', d,
                    new DoublePointer(a.data().addressPointer()), d, 0, 0, 0, 0, 0, found,
                    new DoublePointer(w.data().addressPointer()),
                    new DoublePointer(vectors.data().addressPointer()), d, support);
            if (info == 0 && found.get() != d) {
                throw new IllegalStateException("LAPACK's dsyevr found " + found.get() + " of the " + d
                        + " eigenvalues of the covariance");
            }
        }
        if (info != 0) {
            throw new IllegalStateException("LAPACK's dsyevr failed on the " + d + "x" + d + " covariance (info "
                    + info + ")");
        }
        return vectors;
    }

    /** Direct LAPACK calls read an array's buffer from its start: it must hold exactly the array, densely. */
    private static void requireWhole(INDArray a) {
        if (a.dataType() != DataType.DOUBLE || a.offset() != 0 || a.elementWiseStride() != 1
                || a.data().length() < a.length()) {
            throw new IllegalStateException("expected a dense DOUBLE array at the start of its buffer, got "
                    + a.dataType() + ", offset " + a.offset() + ", stride " + a.elementWiseStride());
        }
    }
}
