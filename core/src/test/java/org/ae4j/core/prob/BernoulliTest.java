package org.ae4j.core.prob;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BernoulliTest {

    private static double logProb(double[] logits, double[] x) {
        SameDiff sd = SameDiff.create();
        SDVariable l = sd.constant(Nd4j.create(logits, 1, logits.length));
        SDVariable t = sd.constant(Nd4j.create(x, 1, x.length));
        SDVariable out = Bernoulli.logProbFromLogits(sd, l, t, logits.length);
        INDArray v = out.eval();
        return v.getDouble(0);
    }

    @Test
    void matchesTheHandComputedValue() {
        // x log sigma(l) + (1 - x) log(1 - sigma(l)), term by term:
        // l=0, x=1: log 1/2; l=2, x=0: log(1 - sigma(2)) = -log(1 + e^2); l=-1, x=0.5: -1/2 - log(1 + e^-1)
        double expected = Math.log(0.5) - Math.log1p(Math.exp(2)) + (-0.5 - Math.log1p(Math.exp(-1)));
        assertEquals(expected, logProb(new double[] {0, 2, -1}, new double[] {1, 0, 0.5}), 1e-6);
    }

    @Test
    void staysFiniteAndExactForHugeLogits() {
        // l=1000, x=1 -> log sigma(1000) = 0 (to double precision); l=-1000, x=1 -> -1000.
        assertEquals(0.0, logProb(new double[] {1000}, new double[] {1}), 1e-9);
        assertEquals(-1000.0, logProb(new double[] {-1000}, new double[] {1}), 1e-6);
    }

    @Test
    void oneDimensionalDataWorksDespiteSameDiffsSizeOneReductionBug() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 1);
        SDVariable l = sd.constant(Nd4j.zeros(DataType.DOUBLE, 4, 1));
        SDVariable lp = Bernoulli.logProbFromLogits(sd, l, x, 1);
        INDArray v = sd.output(java.util.Map.of("x", Nd4j.ones(DataType.DOUBLE, 4, 1)), lp.name()).get(lp.name());
        assertEquals(4, v.length());
        assertEquals(Math.log(0.5), v.getDouble(3), 1e-12);
    }

    @Test
    void sumsOverTheFeatureDimensionPerExample() {
        SameDiff sd = SameDiff.create();
        SDVariable l = sd.constant(Nd4j.zeros(DataType.DOUBLE, 3, 5));
        SDVariable x = sd.constant(Nd4j.ones(DataType.DOUBLE, 3, 5));
        INDArray v = Bernoulli.logProbFromLogits(sd, l, x, 5).eval();
        assertEquals(3, v.length());
        assertEquals(5 * Math.log(0.5), v.getDouble(2), 1e-12);
    }

    @Test
    void theGradientAtLogitsExactlyZeroIsXMinusOneHalf() {
        // d/dl [x l − softplus(l)] = x − σ(l) = x − 1/2 at l = 0, where max(l, 0) and |l| have kinks.
        SameDiff sd = SameDiff.create();
        SDVariable l = sd.var("l", Nd4j.zeros(DataType.DOUBLE, 1, 3));
        SDVariable x = sd.constant(Nd4j.create(new double[] {1, 0, 0.25}, 1, 3));
        SDVariable lp = Bernoulli.logProbFromLogits(sd, l, x, 3).sum();
        sd.setLossVariables(lp);
        INDArray grad = sd.calculateGradients(java.util.Map.of(), "l").get("l");
        assertEquals(0.5, grad.getDouble(0), 1e-12);
        assertEquals(-0.5, grad.getDouble(1), 1e-12);
        assertEquals(-0.25, grad.getDouble(2), 1e-12);
    }

    @Test
    void evenSoftplusIsSoftplusLessHalfTheLogitAndStableAtLargeLogits() {
        double[] l = {-200, -30, -2.5, -1e-3, 0, 1e-3, 0.7, 30, 200};
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.constant("l", Nd4j.createFromArray(l));
        double[] even = Bernoulli.evenSoftplus(sd, x).eval().toDoubleVector();
        double[] full = Bernoulli.softplus(sd, x).eval().toDoubleVector();
        for (int i = 0; i < l.length; i++) {
            double want = Math.abs(l[i]) / 2 + Math.log1p(Math.exp(-Math.abs(l[i]))); // softplus(l) − l/2
            assertEquals(want, even[i], 1e-12 * Math.max(1, want), "l = " + l[i]);
            assertEquals(full[i] - l[i] / 2, even[i], 1e-12 * Math.max(1, want), "l = " + l[i]);
        }
        assertEquals(Math.log(2), even[4], 1e-15);
        assertEquals(even[1], even[7], 0.0); // even
    }
}
