package org.ae4j.graph.eval;

import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Link-prediction scores from ND4J's {@link ROC} evaluation in exact mode (no threshold binning).
 *
 * @param auc area under the ROC curve
 * @param ap  area under the precision-recall curve (ND4J's AUCPR)
 */
public record LinkPrediction(double auc, double ap) {

    /** Scores edges (label 1) against non-edges (label 0) from their predicted probabilities. */
    public static LinkPrediction of(double[] edgeProbabilities, double[] nonEdgeProbabilities) {
        int n = edgeProbabilities.length + nonEdgeProbabilities.length;
        if (edgeProbabilities.length == 0 || nonEdgeProbabilities.length == 0) {
            throw new IllegalArgumentException("link prediction needs both edges and non-edges");
        }
        double[] p = new double[n];
        double[] y = new double[n];
        System.arraycopy(edgeProbabilities, 0, p, 0, edgeProbabilities.length);
        System.arraycopy(nonEdgeProbabilities, 0, p, edgeProbabilities.length, nonEdgeProbabilities.length);
        for (int i = 0; i < edgeProbabilities.length; i++) {
            y[i] = 1;
        }
        ROC roc = new ROC(0); // 0 threshold steps: exact
        INDArray labels = Nd4j.create(y, new long[] {n, 1}, DataType.DOUBLE);
        INDArray predictions = Nd4j.create(p, new long[] {n, 1}, DataType.DOUBLE);
        roc.eval(labels, predictions);
        return new LinkPrediction(roc.calculateAUC(), roc.calculateAUCPR());
    }
}
