package org.ae4j.graph.eval;

import java.util.Arrays;
import java.util.Comparator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How well a node-feature decoder reconstructs binary (bag-of-words) features X [N, F].
 *
 * @param nllPerNode         {@code −(1/N) Σᵢ log p(Xᵢ | A, Z)} in nats
 * @param marginalNllPerNode the same for the best model that ignores the graph and Z: independent
 *                           Bernoullis at each feature's frequency
 * @param auc                ROC AUC of the predicted probabilities over all N·F entries
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
        double[] scores = new double[n * f];
        boolean[] positive = new boolean[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                scores[i * f + j] = p[i][j];
                positive[i * f + j] = y[i][j] == 1;
            }
        }
        return new FeatureReconstruction(-logProb.sumNumber().doubleValue() / n, marginal / n,
                rankAuc(scores, positive), rPrecision(p, y));
    }

    /**
     * ROC AUC as the Mann-Whitney statistic: the probability that a random positive outscores a random
     * negative, ties counting one half, from average ranks after one sort (O(n log n); ND4J's exact
     * {@code ROC} took two minutes for Cora's 3.9 M entries).
     *
     * @param scores   one score per example
     * @param positive which examples are positive
     */
    static double rankAuc(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1; // 1-based ranks i+1 .. j+1
            for (int t = i; t <= j; t++) {
                if (positive[order[t]]) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("AUC needs positives and negatives, got " + positives + " and " + negatives);
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
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
