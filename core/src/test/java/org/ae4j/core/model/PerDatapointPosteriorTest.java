package org.ae4j.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ae4j.core.loss.Term;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PerDatapointPosteriorTest {

    private static INDArray images(int n, int d, long seed) {
        Rng rng = Rng.seeded(seed);
        double[] v = new double[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble() < 0.4 ? 1 : 0;
        }
        return Nd4j.create(v, new long[] {n, d}, 'c');
    }

    private static Vae tinyVae() {
        return new Vae(new Vae.Spec(List.of(6, 5), Activation.TANH, 2, new Bernoulli(), 1, 1.0), Rng.seeded(3),
                DataType.DOUBLE);
    }

    @Test
    void bothGradientEstimatorsAgreeInExpectation() {
        // The reparameterization and score-function estimators are unbiased for the same gradient: with
        // 40,000 samples per image their means agree to Monte Carlo error, though the second is noisier.
        Vae vae = tinyVae();
        INDArray x = images(2, 6, 1);
        PerDatapointPosterior q = new PerDatapointPosterior(vae, x, vae.encode(x), 40_000);
        INDArray eps = q.drawEpsilon(Rng.seeded(5));
        double[] reparam = q.reparameterizationGradient(eps).data().asDouble();
        double[] score = q.scoreFunctionGradient(eps).data().asDouble();
        for (int i = 0; i < reparam.length; i++) {
            assertEquals(reparam[i], score[i], 0.05 + 0.05 * Math.abs(reparam[i]), "component " + i);
        }
    }

    @Test
    void optimizingEachPosteriorRaisesTheElboAboveTheAmortizedOne() {
        Vae vae = tinyVae();
        INDArray x = images(8, 6, 2);
        Vae.Posterior amortized = vae.encode(x);
        PerDatapointPosterior q = new PerDatapointPosterior(vae, x, amortized, 4);
        double before = q.logWeights(4000, Rng.seeded(7)).meanNumber().doubleValue();
        double[] trace = new Trainer(new TrainConfig(300, 8, 0.05, 1e-3, 8)).checkpointEvery(300)
                .fit(q.trainGraph(), q.feeds(), null, null, EpochListener.NONE).trainCurve(Term.TOTAL);
        double after = q.logWeights(4000, Rng.seeded(7)).meanNumber().doubleValue();
        assertTrue(after > before + 0.05, "ELBO " + before + " -> " + after);
        assertTrue(trace[trace.length - 1] < trace[0], "loss " + trace[0] + " -> " + trace[trace.length - 1]);
        assertEquals(amortized.mean(), vae.encode(x).mean(), "the VAE itself must not change");
    }
}
