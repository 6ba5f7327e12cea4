package org.ae4j.graph.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ae4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class FeatureReconstructionTest {

    @Test
    void rankAucByHandWithTies() {
        // Pairs (positive, negative): (0.9 > 0.1), (0.9 > 0.5), (0.5 = 0.5) counts 1/2, (0.5 > 0.1): 3.5 of 4.
        assertEquals(3.5 / 4, FeatureReconstruction.rankAuc(new double[] {0.9, 0.5, 0.1, 0.5},
                new boolean[] {true, true, false, false}), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> FeatureReconstruction.rankAuc(new double[] {1, 2}, new boolean[] {true, true}));
    }

    @Test
    void rankAucAgreesWithNd4jsExactRocWithoutTies() {
        // With tied scores ND4J's exact ROC differs slightly (0.70361 vs 0.70350 on this data with ties):
        // the rank statistic counts a tie as one half, as sklearn's roc_auc_score does.
        Rng rng = Rng.seeded(3);
        int n = 2000;
        double[] scores = new double[n];
        boolean[] positive = new boolean[n];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            positive[i] = rng.nextDouble() < 0.2;
            labels[i] = positive[i] ? 1 : 0;
            scores[i] = rng.nextGaussian() + (positive[i] ? 0.8 : 0);
        }
        ROC roc = new ROC(0);
        roc.eval(Nd4j.create(labels, new long[] {n, 1}, DataType.DOUBLE),
                Nd4j.create(scores, new long[] {n, 1}, DataType.DOUBLE));
        assertEquals(roc.calculateAUC(), FeatureReconstruction.rankAuc(scores, positive), 1e-9);
    }

    @Test
    void theGraphBlindBaselineAndRPrecisionByHand() {
        // Two nodes, three words: frequencies 1/2, 1/2, 0 (node 0 has word 0, node 1 has word 1).
        var x = Nd4j.create(new double[][] {{1, 0, 0}, {0, 1, 0}});
        var p = Nd4j.create(new double[][] {{0.9, 0.2, 0.1}, {0.6, 0.5, 0.1}});
        var r = FeatureReconstruction.of(p, x, Nd4j.create(new double[] {-1.0, -3.0}));
        assertEquals(2.0, r.nllPerNode(), 1e-12);
        assertEquals(2 * Math.log(2), r.marginalNllPerNode(), 1e-12); // word 2 (never present) costs nothing
        assertEquals(0.5, r.rPrecision(), 1e-12);                      // node 0's top word is right, node 1's not
    }
}
