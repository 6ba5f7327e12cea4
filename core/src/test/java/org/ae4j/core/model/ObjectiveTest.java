package org.ae4j.core.model;

import static org.ae4j.core.SeededArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.loss.LossTerms;
import org.ae4j.core.loss.Term;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.prob.StandardNormal;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.GradientCheck;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The VAE objectives: each bound by hand on a tiny case, against a direct computation from the model's own importance
 * weights, their identities and ordering, gradients by finite differences, and training steps that move the weights.
 */
class ObjectiveTest {
    private static final List<Objective> TIGHTER = List.of(new Objective.Iwae(1), new Objective.Iwae(6),
            new Objective.Miwae(2, 3), new Objective.Miwae(6, 1), new Objective.Ciwae(6, 0.3), new Objective.Piwae(2, 3));

    /**
     * One example, two samples, K = 1: q = N(0.5, 0.5²), ε = (1, −2), so z = (1, −0.5);
     * log p(x | z) = (−3, −5) given. log p(z) = −z²/2 − log √(2π) = (−1.418939, −1.043939);
     * log q(z | x) = −ε²/2 − log σ − log √(2π) = (−0.725791, −2.225791); log w = (−3.693147, −3.818147).
     */
    @Test
    void eachBoundByHandOnTwoSamples() {
        double w1 = -3.693147181;
        double w2 = -3.818147181;
        double iwae = Math.log((Math.exp(w1) + Math.exp(w2)) / 2);                     // −3.754646
        assertEquals(-iwae, handCase(new Objective.Iwae(2)), 1e-8);
        assertEquals(-(w1 + w2) / 2, handCase(new Objective.Miwae(2, 1)), 1e-8);
        assertEquals(-iwae, handCase(new Objective.Miwae(1, 2)), 1e-8);
        assertEquals(-(0.25 * (w1 + w2) / 2 + 0.75 * iwae), handCase(new Objective.Ciwae(2, 0.25)), 1e-8);
        // The β-ELBO's KL is analytic: (μ² + σ² − 1 − log σ²) / 2 = (0.25 + 0.25 − 1 + 1.386294) / 2.
        assertEquals(4 + 2 * 0.443147181, handCase(new Objective.BetaElbo(2, 2.0)), 1e-8);
    }

    /**
     * Weights far below 0 and far apart: MIWAE (M = 2, K = 2) with log p(x | z) = (−3, −5, −903, −905) and the
     * hand case's prior and q terms, so the second bound's weights are 900 nats below the first's. Each bound is a
     * log-mean-exp of its own pair, which a shared maximum would send to −∞ in floating point.
     */
    @Test
    void boundsStayFiniteAndExactForWeightsFarFromZero() {
        double[] logW = {-3.693147181, -3.818147181, -903.693147181, -903.818147181};
        double first = Math.log((Math.exp(logW[0]) + Math.exp(logW[1])) / 2);
        double second = -900 + Math.log((Math.exp(logW[2] + 900) + Math.exp(logW[3] + 900)) / 2);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            SameDiff sd = SameDiff.create();
            DiagonalGaussian q = new DiagonalGaussian(sd.constant(Nd4j.create(new double[][] {{0.5}}).castTo(type)),
                    sd.constant(Nd4j.create(new double[][] {{Math.log(0.25)}}).castTo(type)), 1);
            SDVariable logLik = sd.constant(Nd4j.create(new double[][] {{-3, -5, -903, -905}}).castTo(type));
            SDVariable eps = sd.constant(Nd4j.create(new double[] {1, -2, 1, -2}, new long[] {1, 4, 1}, 'c')
                    .castTo(type));
            double loss = new Objective.Miwae(2, 2).loss(logLik, eps, q, new StandardNormal()).total().eval()
                    .getDouble(0);
            assertEquals(-(first + second) / 2, loss, type == DataType.DOUBLE ? 1e-9 : 1e-3, type.toString());
        }
    }

    private static double handCase(Objective objective) {
        SameDiff sd = SameDiff.create();
        DiagonalGaussian q = new DiagonalGaussian(sd.constant(Nd4j.create(new double[][] {{0.5}})),
                sd.constant(Nd4j.create(new double[][] {{Math.log(0.25)}})), 1);
        SDVariable logLik = sd.constant(Nd4j.create(new double[][] {{-3, -5}}));
        SDVariable eps = sd.constant(Nd4j.create(new double[] {1, -2}, new long[] {1, 2, 1}, 'c'));
        LossTerms loss = objective.loss(logLik, eps, q, new StandardNormal());
        assertEquals(4, loss.variable(Term.RECONSTRUCTION).eval().getDouble(0), 1e-12);
        return loss.total().eval().getDouble(0);
    }

    /** The training graph's loss with ε fed is the bound formed directly from the evaluation's log weights at that ε. */
    @Test
    void theTrainingLossIsTheBoundOfTheModelsOwnImportanceWeights() {
        INDArray x = uniform(1, 3, 5);
        for (Objective objective : TIGHTER) {
            Vae vae = vae(objective, 2);
            INDArray eps = gaussian(3, 3, objective.samples(), 2);
            double loss = vae.sameDiff().output(Map.of(Vae.INPUT, x, Vae.EPSILON, eps), "negative_"
                    + name(objective) + "_bound").values().iterator().next().getDouble(0);
            double[][] logW = vae.sameDiff().output(Map.of(Vae.INPUT, x, Vae.EVAL_EPSILON, eps), Vae.LOG_WEIGHTS)
                    .get(Vae.LOG_WEIGHTS).toDoubleMatrix();
            assertEquals(-direct(objective, logW), loss, 1e-10, objective.toString());
        }
    }

    /** The bound of each row of log weights [B, S], by its formula in plain Java, averaged over the rows. */
    private static double direct(Objective objective, double[][] logW) {
        double total = 0;
        for (double[] w : logW) {
            if (objective instanceof Objective.Iwae || objective instanceof Objective.Piwae) {
                total += logMeanExp(w, 0, w.length);
            } else if (objective instanceof Objective.Miwae miwae) {
                for (int m = 0; m < miwae.outer(); m++) {
                    total += logMeanExp(w, m * miwae.inner(), miwae.inner()) / miwae.outer();
                }
            } else if (objective instanceof Objective.Ciwae ciwae) {
                total += ciwae.beta() * mean(w) + (1 - ciwae.beta()) * logMeanExp(w, 0, w.length);
            } else {
                throw new AssertionError("no direct form for " + objective);
            }
        }
        return total / logW.length;
    }

    /** log (1/n) Σ exp(w_i) over w[from, from + n), the naive way (small weights here). */
    private static double logMeanExp(double[] w, int from, int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            sum += Math.exp(w[i]);
        }
        return Math.log(sum / n);
    }

    private static double mean(double[] w) {
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        return sum / w.length;
    }

    @Test
    void identitiesAndTheOrderingOfTheBounds() {
        INDArray x = uniform(2, 4, 5);
        INDArray eps = gaussian(5, 4, 6, 2);
        double iwae = loss(new Objective.Iwae(6), x, eps);
        double elbo = loss(new Objective.Miwae(6, 1), x, eps);                  // the mean of the log weights
        assertEquals(iwae, loss(new Objective.Miwae(1, 6), x, eps), 1e-12);
        assertEquals(iwae, loss(new Objective.Ciwae(6, 0.0), x, eps), 1e-12);
        assertEquals(elbo, loss(new Objective.Ciwae(6, 1.0), x, eps), 1e-12);
        double miwae = loss(new Objective.Miwae(2, 3), x, eps);
        double ciwae = loss(new Objective.Ciwae(6, 0.5), x, eps);
        // Jensen: a log of a mean of more weights is larger, so the negative bounds fall from the ELBO to IWAE.
        assertTrue(iwae < miwae && miwae < elbo, iwae + " < " + miwae + " < " + elbo);
        assertTrue(iwae < ciwae && ciwae < elbo, iwae + " < " + ciwae + " < " + elbo);
        assertEquals(0.5 * iwae + 0.5 * elbo, ciwae, 1e-12);
    }

    private static double loss(Objective objective, INDArray x, INDArray eps) {
        Vae vae = vae(objective, 2);
        return vae.sameDiff().output(Map.of(Vae.INPUT, x, Vae.EPSILON, eps), vae.trainGraph().loss().total().name())
                .values().iterator().next().getDouble(0);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        // Not PIWAE's: its gradient is no bound's by design (piwaeTrainsTheDecoderOnIwaeAndTheEncoderOnMiwae).
        for (Objective objective : TIGHTER.stream().filter(o -> !(o instanceof Objective.Piwae)).toList()) {
            Vae vae = vae(objective, 2);
            Map<String, INDArray> feed = Map.of(Vae.INPUT, uniform(3, 4, 5),
                    Vae.EPSILON, gaussian(4, 4, objective.samples(), 2));
            assertTrue(GradientCheck.passes(vae.sameDiff(), feed), objective.toString());
        }
    }

    /**
     * PIWAE's gradients are IWAE's (M·K samples) for the decoder and MIWAE's (M × K) for the encoder, on the same
     * weights and ε, and its value is the IWAE bound.
     */
    @Test
    void piwaeTrainsTheDecoderOnIwaeAndTheEncoderOnMiwae() {
        INDArray x = uniform(6, 4, 5);
        INDArray eps = gaussian(7, 4, 6, 2);
        Map<String, INDArray> feed = Map.of(Vae.INPUT, x, Vae.EPSILON, eps);
        Vae piwae = vae(new Objective.Piwae(2, 3), 5);
        Map<String, INDArray> got = piwae.sameDiff().calculateGradients(feed, piwae.trainGraph().parameterNames());
        Vae iwae = vae(new Objective.Iwae(6), 5);
        Map<String, INDArray> decoder = iwae.sameDiff().calculateGradients(feed, iwae.trainGraph().parameterNames());
        Vae miwae = vae(new Objective.Miwae(2, 3), 5);
        Map<String, INDArray> encoder = miwae.sameDiff().calculateGradients(feed, miwae.trainGraph().parameterNames());
        assertEquals(decoder.keySet(), got.keySet());
        for (String name : got.keySet()) {
            INDArray want = (name.startsWith("decoder") ? decoder : encoder).get(name);
            assertTrue(want.equalsWithEps(got.get(name), 1e-10), name + ": " + want + " vs " + got.get(name));
        }
        assertFalse(decoder.get("encoder_mean/w0").equalsWithEps(encoder.get("encoder_mean/w0"), 1e-6),
                "IWAE and MIWAE give the encoder different gradients here");
        assertEquals(loss(new Objective.Iwae(6), x, eps), loss(new Objective.Piwae(2, 3), x, eps), 1e-12);
    }

    @Test
    void trainingOnEachBoundMovesTheWeightsAndLowersIt() {
        Dataset data = Dataset.unlabelled(Nd4j.rand(DataType.DOUBLE, 64, 5).gt(0.5).castTo(DataType.DOUBLE));
        for (Objective objective : TIGHTER) {
            Vae vae = vae(objective, 3);
            INDArray before = vae.sameDiff().getVariable("decoder/w0").getArr().dup();
            var history = new Trainer(new TrainConfig(20, 16, 1e-2, 7)).fit(vae.trainGraph(), data, data, null,
                    EpochListener.NONE);
            INDArray after = vae.sameDiff().getVariable("decoder/w0").getArr();
            assertFalse(before.equalsWithEps(after, 1e-6), objective + " left the decoder's weights where they were");
            double[] curve = history.trainCurve(Term.TOTAL);
            double first = curve[0];
            double last = curve[curve.length - 1];
            assertTrue(Double.isFinite(last) && last < first, objective + ": " + first + " -> " + last);
        }
    }

    @Test
    void impossibleSettingsAreRefusedWithTheirNames() {
        assertEquals("the IWAE bound needs k >= 1 samples, got 0",
                assertThrows(IllegalArgumentException.class, () -> new Objective.Iwae(0)).getMessage());
        assertEquals("MIWAE needs M >= 1 bounds of K >= 1 samples, got M = 2, K = 0",
                assertThrows(IllegalArgumentException.class, () -> new Objective.Miwae(2, 0)).getMessage());
        assertEquals("CIWAE needs k >= 1 samples and β in [0, 1], got k = 5, β = 1.5",
                assertThrows(IllegalArgumentException.class, () -> new Objective.Ciwae(5, 1.5)).getMessage());
        assertEquals("the β-ELBO needs L >= 1 samples and a finite β >= 0, got L = 1, β = NaN",
                assertThrows(IllegalArgumentException.class, () -> new Objective.BetaElbo(1, Double.NaN)).getMessage());
    }

    private static Vae vae(Objective objective, long seed) {
        return new Vae(new Vae.Spec(List.of(5, 4), Activation.TANH, 2, new Bernoulli(), objective), Rng.seeded(seed),
                DataType.DOUBLE);
    }

    private static String name(Objective objective) {
        return objective.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static INDArray gaussian(long seed, long... shape) {
        Rng rng = Rng.seeded(seed);
        double[] v = new double[(int) (shape[0] * shape[1] * shape[2])];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c');
    }
}
