package org.ae4j.core.linear;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a learned linear decoder relates to the principal directions (Bao et al. 2020, Sec. 5):
 * whether it spans the same subspace, and whether its columns are the principal axes themselves.
 * Small dense matrices, computed in double with commons-math.
 */
public final class Subspaces {
    private Subspaces() {
    }

    /**
     * {@code 1 - tr(Q Q^T W W^T) / k}: 0 when the decoder's column span equals the span of the top-k
     * principal directions, 1 when orthogonal to it. Q is an orthonormal basis of the decoder's columns.
     *
     * @param decoder    U, [D, k]
     * @param components principal directions as orthonormal rows, [k, D]
     */
    public static double subspaceDistance(INDArray decoder, INDArray components) {
        RealMatrix u = matrix(decoder);
        RealMatrix w = matrix(components).transpose();                      // [D, k]
        checkShapes(u, w);
        RealMatrix q = new SingularValueDecomposition(u).getU();            // [D, rank] orthonormal
        double overlap = frobeniusSquared(w.transpose().multiply(q));        // tr(QQ^T WW^T) = ||W^T Q||_F^2
        return 1.0 - overlap / w.getColumnDimension();
    }

    /**
     * {@code (1/k) sum_i [1 - max_j cos^2(u_i, w_j)]} over decoder columns u_i and principal directions
     * w_j: 0 when every column lies along some principal axis, large for a rotated basis.
     * (Bao et al.'s code takes the max over columns for each principal direction instead.)
     *
     * @param decoder    U, [D, k]
     * @param components principal directions as orthonormal rows, [m, D] (usually m = k)
     */
    public static double axisAlignment(INDArray decoder, INDArray components) {
        double[][] cos2 = squaredCosines(decoder, components);
        double sum = 0;
        for (double[] row : cos2) {
            sum += 1.0 - java.util.Arrays.stream(row).max().orElse(0);
        }
        return sum / cos2.length;
    }

    /**
     * For each decoder column u_i, the index j of the principal direction w_j with the largest
     * cos^2(u_i, w_j): the identity permutation when the columns are the principal axes in order.
     */
    public static int[] bestMatches(INDArray decoder, INDArray components) {
        double[][] cos2 = squaredCosines(decoder, components);
        int[] best = new int[cos2.length];
        for (int i = 0; i < cos2.length; i++) {
            for (int j = 1; j < cos2[i].length; j++) {
                if (cos2[i][j] > cos2[i][best[i]]) {
                    best[i] = j;
                }
            }
        }
        return best;
    }

    /** cos^2 between decoder column i [D, k] and component row j [m, D], as [k][m]; 0 for a zero column. */
    private static double[][] squaredCosines(INDArray decoder, INDArray components) {
        RealMatrix u = matrix(decoder);
        RealMatrix w = matrix(components).transpose();                      // [D, m]
        if (u.getRowDimension() != w.getRowDimension()) {
            throw new IllegalArgumentException("decoder has " + u.getRowDimension() + " rows, components "
                    + w.getRowDimension() + " columns");
        }
        double[][] cos2 = new double[u.getColumnDimension()][w.getColumnDimension()];
        for (int i = 0; i < cos2.length; i++) {
            double[] ui = u.getColumn(i);
            double norm2 = dot(ui, ui);
            for (int j = 0; j < cos2[i].length; j++) {
                double[] wj = w.getColumn(j);
                double c = dot(ui, wj);
                cos2[i][j] = norm2 == 0 ? 0 : c * c / (norm2 * dot(wj, wj));
            }
        }
        return cos2;
    }

    private static RealMatrix matrix(INDArray a) {
        if (a.rank() != 2) {
            throw new IllegalArgumentException("expected a matrix, got shape " + java.util.Arrays.toString(a.shape()));
        }
        return new Array2DRowRealMatrix(a.toDoubleMatrix(), false);
    }

    private static void checkShapes(RealMatrix u, RealMatrix w) {
        if (u.getRowDimension() != w.getRowDimension() || u.getColumnDimension() != w.getColumnDimension()) {
            throw new IllegalArgumentException("decoder [" + u.getRowDimension() + ", " + u.getColumnDimension()
                    + "] and components^T [" + w.getRowDimension() + ", " + w.getColumnDimension() + "] differ in shape");
        }
    }

    private static double frobeniusSquared(RealMatrix m) {
        double f = m.getFrobeniusNorm();
        return f * f;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
