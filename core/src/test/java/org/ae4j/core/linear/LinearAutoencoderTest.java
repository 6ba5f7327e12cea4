package org.ae4j.core.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.GradientCheck;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LinearAutoencoderTest {

    /** Centered Gaussian data with independent coordinates of the given standard deviations. */
    private static INDArray data(int n, double[] std, long seed) {
        Rng rng = Rng.seeded(seed);
        double[] v = new double[n * std.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < std.length; j++) {
                v[i * std.length + j] = std[j] * rng.nextGaussian();
            }
        }
        INDArray x = Nd4j.create(v, new long[] {n, std.length}, 'c');
        return x.subRowVector(x.mean(0));
    }

    private static INDArray secondMoment(INDArray x) {
        return x.transpose().mmul(x).divi(x.rows());
    }

    private static void set(LinearAutoencoder lae, String name, double[][] value) {
        lae.sameDiff().getVariable(name).getArr().assign(Nd4j.create(value));
    }

    @Test
    void matchesAHandComputedLoss() {
        // U = [1, 0]^T, V = [1, 0]: x~ = (x1, 0), so the error is x2^2: mean of 2^2 and 4^2 = 10.
        // Penalty 0.5^2 * (||u||^2 + ||v||^2) = 0.25 * 2 = 0.5.
        INDArray x = Nd4j.create(new double[][] {{1, 2}, {3, 4}});
        for (LinearAutoencoder lae : List.of(
                LinearAutoencoder.onData(2, new double[] {0.5}, 0.1, Rng.seeded(1), DataType.DOUBLE),
                LinearAutoencoder.onSecondMoment(2, new double[] {0.5}, 0.1, Rng.seeded(1), DataType.DOUBLE))) {
            set(lae, LinearAutoencoder.DECODER, new double[][] {{1}, {0}});
            set(lae, LinearAutoencoder.ENCODER, new double[][] {{1, 0}});
            Map<String, INDArray> feed = lae.sameDiff().hasVariable(LinearAutoencoder.INPUT)
                    ? Map.of(LinearAutoencoder.INPUT, x) : Map.of(LinearAutoencoder.SECOND_MOMENT, secondMoment(x));
            Map<String, INDArray> out = lae.sameDiff().output(feed, "reconstruction", "penalty", "objective");
            assertEquals(10.0, out.get("reconstruction").getDouble(0), 1e-12);
            assertEquals(0.5, out.get("penalty").getDouble(0), 1e-12);
            assertEquals(10.5, out.get("objective").getDouble(0), 1e-12);
        }
    }

    @Test
    void secondMomentFormEqualsTheDataForm() {
        INDArray x = data(50, new double[] {3, 2, 1, 0.5}, 4);
        double[] l2 = {0.2, 0.7};
        LinearAutoencoder onData = LinearAutoencoder.onData(4, l2, 0.3, Rng.seeded(2), DataType.DOUBLE);
        LinearAutoencoder onMoment = LinearAutoencoder.onSecondMoment(4, l2, 0.3, Rng.seeded(2), DataType.DOUBLE);
        double direct = onData.sameDiff().output(Map.of(LinearAutoencoder.INPUT, x), "objective")
                .get("objective").getDouble(0);
        assertEquals(direct, onMoment.evaluate(secondMoment(x)).get("total"), 1e-10 * Math.abs(direct));
    }

    @Test
    void gradientsOfBothFormsMatchFiniteDifferences() {
        INDArray x = data(7, new double[] {2, 1, 0.5}, 5);
        double[] l2 = {0.3, 0.6};
        LinearAutoencoder onData = LinearAutoencoder.onData(3, l2, 0.5, Rng.seeded(3), DataType.DOUBLE);
        assertTrue(GradientCheck.passes(onData.sameDiff(), Map.of(LinearAutoencoder.INPUT, x)));
        LinearAutoencoder onMoment = LinearAutoencoder.onSecondMoment(3, l2, 0.5, Rng.seeded(3), DataType.DOUBLE);
        assertTrue(GradientCheck.passes(onMoment.sameDiff(), Map.of(LinearAutoencoder.SECOND_MOMENT, secondMoment(x))));
    }

    @Test
    void unregularizedTrainingSpansThePrincipalSubspaceButNotItsAxes() {
        double[] std = {3, 2, 1.2, 0.6, 0.3};
        INDArray s = secondMoment(data(2000, std, 6));
        Pca pca = Pca.fit(data(2000, std, 6), 2);
        LinearAutoencoder lae = LinearAutoencoder.onSecondMoment(5, new double[2], 0.1, Rng.seeded(7), DataType.DOUBLE);
        new Trainer(new TrainConfig(600, 1, 0.05, 1)).checkpointEvery(600)
                .fit(lae.trainGraph(), lae.secondMomentFeeds(s), null, null, EpochListener.NONE);
        double pcaError = pca.totalVariance() - pca.explainedVariance()[0] - pca.explainedVariance()[1];
        double laeError = lae.evaluate(s).get("reconstruction");
        assertEquals(pcaError, laeError, 1e-3 * pcaError);
        assertTrue(Subspaces.subspaceDistance(lae.decoder(), pca.components()) < 1e-4);
        assertTrue(Subspaces.axisAlignment(lae.decoder(), pca.components()) > 1e-3,
                "an unregularized LAE lands on the principal axes only by chance");
    }

    @Test
    void nonUniformL2RecoversTheOrderedPrincipalAxes() {
        double[] std = {3, 2, 1.2, 0.6, 0.3};
        INDArray x = data(2000, std, 6);
        Pca pca = Pca.fit(x, 2);
        LinearAutoencoder lae = LinearAutoencoder.onSecondMoment(5, new double[] {0.1, 0.9}, 0.1, Rng.seeded(7),
                DataType.DOUBLE);
        List<Double> alignment = new ArrayList<>();
        new Trainer(new TrainConfig(800, 1, 0.05, 1)).checkpointEvery(800)
                .fit(lae.trainGraph(), lae.secondMomentFeeds(secondMoment(x)), null, null, epoch -> {
                    if (epoch.epoch() == 20 || epoch.epoch() == 800) {
                        alignment.add(Subspaces.axisAlignment(lae.decoder(), pca.components()));
                    }
                });
        assertTrue(alignment.get(1) < 1e-3 && alignment.get(1) < alignment.get(0), "alignment " + alignment);
        // Column order follows the penalty order: the weakest penalty takes the largest variance.
        INDArray u = lae.decoder();
        double c0 = Math.abs(u.getColumn(0).dup().mul(pca.components().getRow(0)).sumNumber().doubleValue())
                / u.getColumn(0).norm2Number().doubleValue();
        assertEquals(1.0, c0, 1e-3);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> LinearAutoencoder.onData(3, new double[] {Double.NaN}, 0.1, Rng.seeded(1), DataType.DOUBLE));
        assertThrows(IllegalArgumentException.class,
                () -> LinearAutoencoder.onData(3, new double[0], 0.1, Rng.seeded(1), DataType.DOUBLE));
        assertThrows(IllegalArgumentException.class,
                () -> LinearAutoencoder.onData(3, new double[] {0}, 0, Rng.seeded(1), DataType.DOUBLE));
        LinearAutoencoder onData = LinearAutoencoder.onData(3, new double[] {0}, 0.1, Rng.seeded(1), DataType.DOUBLE);
        assertThrows(IllegalStateException.class, () -> onData.secondMomentFeeds(org.nd4j.linalg.factory.Nd4j.eye(3)));
    }
}
