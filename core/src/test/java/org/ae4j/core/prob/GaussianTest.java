package org.ae4j.core.prob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GaussianTest {

    @Test
    void logProbIsTheNormalizedIsotropicDensityPerExample() {
        SameDiff sd = SameDiff.create();
        INDArray mean = Nd4j.create(new double[][] {{0, 1}, {2, -1}});
        INDArray x = Nd4j.create(new double[][] {{0.5, 1}, {2, 1}});
        INDArray v = new Gaussian(2.0).logProb(sd, sd.constant(mean), sd.constant(x), 2).eval();
        // Row 0: one residual 0.5 -> -0.25/8 - 2 (log 2 + log(2 pi)/2); row 1: residual 2 -> -4/8 - same.
        double constant = 2 * (Math.log(2) + 0.5 * Math.log(2 * Math.PI));
        assertEquals(-0.25 / 8 - constant, v.getDouble(0), 1e-12);
        assertEquals(-4.0 / 8 - constant, v.getDouble(1), 1e-12);
    }

    @Test
    void integratesToOneInOneDimension() {
        // Riemann sum of exp(log N(x; 0.3, 0.7^2)) over a wide grid.
        int n = 4001;
        double[] grid = new double[n];
        for (int i = 0; i < n; i++) {
            grid[i] = -8 + 16.0 * i / (n - 1);
        }
        SameDiff sd = SameDiff.create();
        INDArray x = Nd4j.create(grid, new long[] {n, 1}, DataType.DOUBLE);
        INDArray logp = new Gaussian(0.7).logProb(sd, sd.constant(Nd4j.zeros(DataType.DOUBLE, n, 1).addi(0.3)),
                sd.constant(x), 1).eval();
        double integral = 0;
        for (double l : logp.toDoubleVector()) {
            integral += Math.exp(l) * 16.0 / (n - 1);
        }
        assertEquals(1.0, integral, 1e-6);
    }

    @Test
    void theMeanIsTheDecoderOutputAndSigmaMustBePositive() {
        SameDiff sd = SameDiff.create();
        INDArray m = Nd4j.create(new double[][] {{1, -2}});
        assertEquals(m, new Gaussian(1).mean(sd, sd.constant(m), 2).eval());
        assertThrows(IllegalArgumentException.class, () -> new Gaussian(0));
        assertThrows(IllegalArgumentException.class, () -> new Gaussian(Double.NaN));
    }

    @Test
    void bernoulliMeanIsTheSigmoidOfTheLogits() {
        SameDiff sd = SameDiff.create();
        INDArray l = Nd4j.create(new double[][] {{0, Math.log(3)}});
        INDArray p = new Bernoulli().mean(sd, sd.constant(l), 2).eval();
        assertEquals(0.5, p.getDouble(0, 0), 1e-12);
        assertEquals(0.75, p.getDouble(0, 1), 1e-12);
    }

    @Test
    void theBaseRatesAreTheMaximumLikelihoodParametersOfAnInputBlindModel() {
        INDArray x = Nd4j.create(new double[][] {{1, 0, 1}, {1, 1, 1}, {0, 0, 1}, {1, 0, 1}});
        // Means 0.75, 0.25 and 1: log-odds log 3, −log 3, and the clip at 1 − 1e-6.
        INDArray logits = new Bernoulli().baseRate(x);
        assertEquals(Math.log(3), logits.getDouble(0, 0), 1e-12);
        assertEquals(-Math.log(3), logits.getDouble(0, 1), 1e-12);
        assertEquals(Math.log((1 - 1e-6) / 1e-6), logits.getDouble(0, 2), 1e-6);
        assertEquals(0.25, new Gaussian(1.0).baseRate(x).getDouble(0, 1), 1e-12);
        // Mean then log of the (biased, maximum-likelihood) variance: 0.75 · 0.25 = 3/16; a constant column floors at 1e-6.
        INDArray learned = new LearnedGaussian().baseRate(x);
        assertEquals(6, learned.length());
        assertEquals(0.75, learned.getDouble(0, 0), 1e-12);
        assertEquals(Math.log(3.0 / 16), learned.getDouble(0, 3), 1e-12);
        assertEquals(Math.log(1e-6), learned.getDouble(0, 5), 1e-9);
    }
}
