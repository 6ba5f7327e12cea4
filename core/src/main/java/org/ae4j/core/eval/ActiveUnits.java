package org.ae4j.core.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Active latent units (Burda et al. 2016, Sec. 5.2): a unit is active when its encoder mean varies over the data, with
 * variance above a threshold (0.01 in the paper); the others the decoder ignores.
 */
public final class ActiveUnits {
    private ActiveUnits() {
    }

    /**
     * @param means the encoder's means over the data, [N, K]
     * @return the units whose mean has variance above {@code threshold} over the N rows
     */
    public static int count(INDArray means, double threshold) {
        double[][] m = means.castTo(DataType.DOUBLE).toDoubleMatrix();
        int active = 0;
        for (int j = 0; j < m[0].length; j++) {
            double sum = 0;
            double sumSq = 0;
            for (double[] row : m) {
                sum += row[j];
                sumSq += row[j] * row[j];
            }
            double mean = sum / m.length;
            if (sumSq / m.length - mean * mean > threshold) {
                active++;
            }
        }
        return active;
    }
}
