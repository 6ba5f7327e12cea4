package org.ae4j.graph;

import java.util.Arrays;
import java.util.Comparator;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How well a node-feature decoder reconstructs binary (bag-of-words) features X [N, F].
 *
 * @param nllPerNode         {@code −(1/N) Σᵢ log p(Xᵢ | A, Z)} in nats
 * @param marginalNllPerNode the same for the best model that ignores the graph and Z: independent
 *                           Bernoullis at each feature's frequency
 * @param auc                ROC AUC of the predicted probabilities over all N·F entries (ND4J, exact)
 * @param rPrecision         mean over nodes with a feature of the share of its |Xᵢ| features among its
 *                           |Xᵢ| highest-scored ones
 */
public record FeatureReconstruction(double nllPerNode, double marginalNllPerNode, double auc, double rPrecision) {

    /**
     * @param probabilities E[X | A, Z], [N, F]
     * @param x             the binary features, [N, F]
     * @param logProb       log p(Xᵢ | A, Z) per node, [N]
     */
    public static FeatureReconstruction of(INDArray probabilities, INDArray x, INDArray logProb) {
        double[][] p = probabilities.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] y = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        int n = y.length;
        int f = y[0].length;
        if (p.length != n || p[0].length != f || logProb.length() != n) {
            throw new IllegalArgumentException("shapes differ: probabilities " + Arrays.toString(probabilities.shape())
                    + ", features " + Arrays.toString(x.shape()) + ", log-probabilities " + Arrays.toString(logProb.shape()));
        }
        double[] frequency = new double[f];
        for (double[] row : y) {
            for (int j = 0; j < f; j++) {
                if (row[j] != 0 && row[j] != 1) {
                    throw new IllegalArgumentException("features must be binary, found " + row[j]);
                }
                frequency[j] += row[j] / n;
            }
        }
        double marginal = 0;
        for (double[] row : y) {
            for (int j = 0; j < f; j++) {
                double q = row[j] == 1 ? frequency[j] : 1 - frequency[j];
                marginal -= q > 0 ? Math.log(q) : 0; // q = 0 never occurs for an observed value
            }
        }
        return new FeatureReconstruction(-logProb.sumNumber().doubleValue() / n, marginal / n, auc(probabilities, x),
                rPrecision(p, y));
    }

    private static double auc(INDArray probabilities, INDArray x) {
        ROC roc = new ROC(0); // exact
        roc.eval(x.castTo(DataType.DOUBLE).reshape(-1, 1), probabilities.castTo(DataType.DOUBLE).reshape(-1, 1));
        return roc.calculateAUC();
    }

    private static double rPrecision(double[][] p, double[][] y) {
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < y.length; i++) {
            int size = (int) Arrays.stream(y[i]).sum();
            if (size == 0) {
                continue;
            }
            double[] scores = p[i];
            Integer[] order = new Integer[scores.length];
            Arrays.setAll(order, j -> j);
            Arrays.sort(order, Comparator.comparingDouble(j -> -scores[j]));
            int hits = 0;
            for (int r = 0; r < size; r++) {
                hits += (int) y[i][order[r]];
            }
            sum += (double) hits / size;
            counted++;
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }
}
