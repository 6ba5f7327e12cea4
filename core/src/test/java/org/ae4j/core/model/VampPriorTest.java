package org.ae4j.core.model;

import static org.ae4j.core.SeededArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.loss.Term;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.GradientCheck;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The VampPrior: its density by hand, its samples' moments, gradients, training, and per-datapoint inference on it. */
class VampPriorTest {

    /** Two components in one dimension, N(0, 1) and N(2, 4): log p(z) = log ½ (N(z; 0, 1) + N(z; 2, 4)). */
    @Test
    void theLogDensityIsTheMixtureOfItsComponentsByHand() {
        SameDiff sd = SameDiff.create();
        sd.constant(VampPrior.COMPONENT_MEAN, Nd4j.create(new double[][] {{0}, {2}}));
        sd.constant(VampPrior.COMPONENT_LOG_VAR, Nd4j.create(new double[][] {{0}, {Math.log(4)}}));
        INDArray logP = new VampPrior(2, 0.05, 0.01).logProb(sd.constant(Nd4j.create(new double[][] {{0}, {1}})), 1, null)
                .eval();
        // z = 0: ½ (0.398942 + 0.120985); z = 1: ½ (0.241971 + 0.176033).
        assertArrayEquals(new double[] {-1.3472128064, -1.5654129220}, logP.toDoubleVector(), 1e-9);
    }

    @Test
    void samplesHaveTheMixturesMoments() {
        Vae vae = vae(new Objective.BetaElbo(1, 1.0), 3);
        Map<String, INDArray> c = vae.sameDiff().output(Map.of(), VampPrior.COMPONENT_MEAN, VampPrior.COMPONENT_LOG_VAR);
        double[][] mean = c.get(VampPrior.COMPONENT_MEAN).toDoubleMatrix();
        double[][] logVar = c.get(VampPrior.COMPONENT_LOG_VAR).toDoubleMatrix();
        int n = 200_000;
        INDArray z = vae.prior().sample(vae.sameDiff(), n, 2, Rng.seeded(8), DataType.DOUBLE);
        assertArrayEquals(new long[] {n, 2}, z.shape());
        for (int j = 0; j < 2; j++) {
            double m = 0;
            double second = 0;
            for (int component = 0; component < mean.length; component++) {
                m += mean[component][j] / mean.length;
                second += (mean[component][j] * mean[component][j] + Math.exp(logVar[component][j])) / mean.length;
            }
            INDArray column = z.getColumn(j);
            assertEquals(m, column.meanNumber().doubleValue(), 0.01);
            assertEquals(second - m * m, column.varNumber().doubleValue(), 0.02);
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesPseudoInputsIncluded() {
        for (Objective objective : List.of(new Objective.BetaElbo(2, 1.0), new Objective.Iwae(3))) {
            Vae vae = vae(objective, 2);
            assertTrue(vae.sameDiff().hasVariable(VampPrior.PSEUDO_INPUTS));
            Map<String, INDArray> feed = Map.of(Vae.INPUT, uniform(3, 4, 5),
                    Vae.EPSILON, Nd4j.randn(DataType.DOUBLE, 4, objective.samples(), 2));
            assertTrue(GradientCheck.passes(vae.sameDiff(), feed), objective.toString());
        }
    }

    @Test
    void trainingMovesThePseudoInputsAndLowersTheLoss() {
        Dataset data = Dataset.unlabelled(uniform(4, 64, 5).gt(0.5).castTo(DataType.DOUBLE));
        Vae vae = vae(new Objective.BetaElbo(1, 1.0), 5);
        INDArray before = vae.sameDiff().getVariable(VampPrior.PSEUDO_INPUTS).getArr().dup();
        double[] curve = new Trainer(new TrainConfig(20, 16, 1e-2, 7)).fit(vae.trainGraph(), data, data, null,
                EpochListener.NONE).trainCurve(Term.TOTAL);
        assertFalse(before.equalsWithEps(vae.sameDiff().getVariable(VampPrior.PSEUDO_INPUTS).getArr(), 1e-6));
        assertTrue(curve[curve.length - 1] < curve[0], curve[0] + " -> " + curve[curve.length - 1]);
        double[] logPx = vae.logLikelihood(data.x(), 20, 32, 20, Rng.seeded(9));
        assertTrue(java.util.Arrays.stream(logPx).allMatch(v -> Double.isFinite(v) && v < 0));
    }

    /** A per-datapoint q started at the encoder's output has the VAE's own importance weights, prior included. */
    @Test
    void perDatapointInferenceUsesTheSamePrior() {
        Vae vae = vae(new Objective.BetaElbo(1, 1.0), 6);
        INDArray x = uniform(5, 3, 5);
        PerDatapointPosterior q = new PerDatapointPosterior(vae, x, vae.encode(x), 2);
        assertEquals(vae.logWeights(x, 4, Rng.seeded(1)), q.logWeights(4, Rng.seeded(1)));
    }

    @Test
    void impossibleSettingsAreRefused() {
        assertEquals("a VampPrior needs C >= 1 pseudo-inputs and a finite initial mean and std >= 0, got C = 0, "
                + "mean 0.05, std 0.01", assertThrows(IllegalArgumentException.class, () -> VampPrior.mnist(0))
                .getMessage());
    }

    private static Vae vae(Objective objective, long seed) {
        VariationalEncoder encoder = new GaussianEncoder(List.of(5, 4), Activation.TANH, 2);
        Vae.Spec spec = new Vae.Spec(List.of(5, 4), Activation.TANH, 2, new Bernoulli(), objective);
        Vae.Parts mlp = spec.parts();
        return new Vae(new Vae.Parts(encoder, mlp.decoder(), mlp.likelihood(), new VampPrior(3, 0.5, 0.2), objective),
                Rng.seeded(seed), DataType.DOUBLE);
    }
}
