package org.ae4j.core.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ae4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class LogisticPcaTest {

    /** Natural parameters of rank 2 plus an offset, [n, d]. */
    private static INDArray trueTheta(int n, int d, Rng rng) {
        INDArray z = gaussian(rng, n, 2).muli(2.0);
        INDArray w = gaussian(rng, 2, d);
        return z.mmul(w).addiRowVector(gaussian(rng, 1, d).muli(0.5));
    }

    private static INDArray gaussian(Rng rng, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }

    /** Binary samples with P(x = 1) = sigmoid(theta). */
    private static INDArray sample(INDArray theta, Rng rng) {
        INDArray p = Transforms.sigmoid(theta, true);
        double[] v = p.data().asDouble();
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble() < v[i] ? 1 : 0;
        }
        return Nd4j.create(v, p.shape(), 'c');
    }

    @Test
    void negativeLogLikelihoodMatchesHandValues() {
        // Row 1: theta 0 (x=1): ln 2; theta 2 (x=0): ln(1+e^2). Row 2: theta -1000 (x=0): 0; theta 1000 (x=1): 0.
        INDArray theta = Nd4j.create(new double[][] {{0, 2}, {-1000, 1000}});
        INDArray x = Nd4j.create(new double[][] {{1, 0}, {0, 1}});
        double expected = (Math.log(2) + Math.log1p(Math.exp(2))) / 2;
        assertEquals(expected, LogisticPca.negLogLikelihood(theta, x), 1e-12);
    }

    @Test
    void theLossNeverIncreasesAndEndsBelowTheTrueParameters() {
        Rng rng = Rng.seeded(11);
        INDArray theta = trueTheta(300, 12, rng);
        INDArray x = sample(theta, rng);
        LogisticPca model = LogisticPca.fit(x, 2, 60);
        List<Double> losses = model.losses();
        for (int i = 1; i < losses.size(); i++) {
            assertTrue(losses.get(i) <= losses.get(i - 1) + 1e-10,
                    "loss rose at iteration " + i + ": " + losses.get(i - 1) + " -> " + losses.get(i));
        }
        // The maximum-likelihood rank-2 fit explains the sample at least as well as the parameters that drew it.
        assertTrue(losses.get(losses.size() - 1) < LogisticPca.negLogLikelihood(theta, x));
        assertTrue(losses.get(losses.size() - 1) < 0.9 * losses.get(0), "too little progress: " + losses);
    }

    @Test
    void encodingNewDataLowersItsLossAndDecodesToProbabilities() {
        Rng rng = Rng.seeded(12);
        INDArray theta = trueTheta(400, 10, rng);
        INDArray x = sample(theta, rng);
        LogisticPca model = LogisticPca.fit(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 300),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), 2, 40);
        INDArray test = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(300, 400),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        double atZero = LogisticPca.negLogLikelihood(model.logits(Nd4j.zeros(DataType.DOUBLE, 100, 2)), test);
        INDArray z = model.encode(test, 30);
        assertEquals(100, z.rows());
        assertTrue(LogisticPca.negLogLikelihood(model.logits(z), test) < atZero);
        INDArray p = model.decode(z);
        assertTrue(p.minNumber().doubleValue() >= 0 && p.maxNumber().doubleValue() <= 1);
        INDArray w = model.components();
        assertTrue(w.mmul(w.transpose()).equalsWithEps(Nd4j.eye(2).castTo(DataType.DOUBLE), 1e-8));
    }

    @Test
    void aPathHoldsTheModelsAndCodesOfSeparateRuns() {
        Rng rng = Rng.seeded(13);
        INDArray x = sample(trueTheta(200, 8, rng), rng);
        List<LogisticPca> path = LogisticPca.fitPath(x, 2, List.of(1, 3, 7));
        assertEquals(3, path.size());
        for (int i = 0; i < 3; i++) {
            LogisticPca alone = LogisticPca.fit(x, 2, List.of(1, 3, 7).get(i));
            assertEquals(alone.components(), path.get(i).components());
            assertEquals(alone.mean(), path.get(i).mean());
            assertEquals(alone.losses(), path.get(i).losses());
        }
        LogisticPca model = path.get(2);
        List<INDArray> codes = model.encodePath(x, List.of(1, 2, 10));
        assertEquals(model.encode(x, 1), codes.get(0));
        assertEquals(model.encode(x, 2), codes.get(1));
        assertEquals(model.encode(x, 10), codes.get(2));
        assertThrows(IllegalArgumentException.class, () -> LogisticPca.fitPath(x, 2, List.of(3, 3)));
        assertThrows(IllegalArgumentException.class, () -> model.encodePath(x, List.of(0, 2)));
    }

    @Test
    void inputsOutsideTheUnitIntervalOrNaNAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> LogisticPca.fit(Nd4j.create(new double[][] {{0, 2}, {1, 0}}), 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> LogisticPca.fit(Nd4j.create(new double[][] {{0, Double.NaN}, {1, 0}}), 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> LogisticPca.fit(Nd4j.create(new double[][] {{0, 1}, {1, 0}}), 3, 1));
    }
}
