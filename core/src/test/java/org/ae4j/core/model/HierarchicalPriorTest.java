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

/** Two stochastic layers as a VAE whose prior is a second latent-variable model. */
class HierarchicalPriorTest {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * K1 = K2 = 1 with linear networks: q(z2 | z1) = N(0.5 z1 + 0.1, exp(−0.4 z1 − 0.2)),
     * p(z1 | z2) = N(−1.2 z2 + 0.3, exp(0.6 z2 + 0.1)). At z1 = 0.7, ε2 = −1.3 the estimate is
     * log p(z1 | z2) + log N(z2; 0, 1) − log q(z2 | z1), each written out below.
     */
    @Test
    void theLogDensityEstimateByHand() {
        HierarchicalPrior prior = HierarchicalPrior.mlp(1, List.of(), Activation.IDENTITY, 1);
        SameDiff sd = SameDiff.create();
        linear(sd, HierarchicalPrior.INFERENCE + "_mean", 0.5, 0.1);
        linear(sd, HierarchicalPrior.INFERENCE + "_log_var", -0.4, -0.2);
        linear(sd, HierarchicalPrior.CONDITIONAL + "_mean", -1.2, 0.3);
        linear(sd, HierarchicalPrior.CONDITIONAL + "_log_var", 0.6, 0.1);
        double z1 = 0.7;
        double eps = -1.3;
        SDVariable logP = prior.logProb(sd.constant(Nd4j.create(new double[][] {{z1}})), 1,
                sd.constant(Nd4j.create(new double[][] {{eps}})));

        double qMean = 0.5 * z1 + 0.1;
        double qLogVar = -0.4 * z1 - 0.2;
        double z2 = qMean + Math.exp(qLogVar / 2) * eps;
        double logQ = -0.5 * (eps * eps + qLogVar + LOG_2PI);
        double pMean = -1.2 * z2 + 0.3;
        double pLogVar = 0.6 * z2 + 0.1;
        double logConditional = -0.5 * ((z1 - pMean) * (z1 - pMean) / Math.exp(pLogVar) + pLogVar + LOG_2PI);
        double logTop = -0.5 * (z2 * z2 + LOG_2PI);
        assertEquals(logConditional + logTop - logQ, logP.eval().getDouble(0), 1e-12);
    }

    private static void linear(SameDiff sd, String scope, double w, double b) {
        sd.var(scope + "/w0", Nd4j.create(new double[][] {{w}}));
        sd.var(scope + "/b0", Nd4j.create(new double[][] {{b}}));
    }

    /**
     * With every parameter of the prior at zero, p(z1 | z2) = N(0, I) and q(z2 | z1) = p(z2) = N(0, I): the estimate
     * is log N(z1; 0, I) exactly, so the VAE's importance weights are those of the same VAE with a standard normal
     * prior, whatever ε2 is.
     */
    @Test
    void aPriorThatIgnoresItsLatentGivesTheStandardNormalVaesWeights() {
        Vae twoLayers = vae(new HierarchicalPrior(new GaussianEncoder(List.of(2, 3), Activation.TANH, 2),
                new GaussianEncoder(List.of(2, 3), Activation.TANH, 2)), new Objective.Iwae(4), 3);
        twoLayers.parameters().keySet().stream().filter(n -> n.startsWith("prior_"))
                .forEach(n -> twoLayers.sameDiff().getVariable(n).getArr().assign(0));
        Vae oneLayer = vae(new StandardNormal(), new Objective.Iwae(4), 3);
        oneLayer.parameters().forEach((name, value) -> twoLayers.sameDiff().getVariable(name).getArr().assign(value));
        INDArray x = uniform(1, 3, 5);
        INDArray eps = Nd4j.randn(DataType.DOUBLE, 3, 6, 4);                                   // K1 + K2 = 4
        INDArray codeEps = eps.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)).dup();
        INDArray want = oneLayer.sameDiff().output(Map.of(Vae.INPUT, x, Vae.EVAL_EPSILON, codeEps), Vae.LOG_WEIGHTS)
                .get(Vae.LOG_WEIGHTS);
        INDArray got = twoLayers.sameDiff().output(Map.of(Vae.INPUT, x, Vae.EVAL_EPSILON, eps), Vae.LOG_WEIGHTS)
                .get(Vae.LOG_WEIGHTS);
        assertEquals(0, want.sub(got).norm2Number().doubleValue(), 1e-12);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (Objective objective : List.of(new Objective.BetaElbo(2, 1.0), new Objective.Iwae(3))) {
            Vae vae = vae(burda(), objective, 2);
            Map<String, INDArray> feed = Map.of(Vae.INPUT, uniform(3, 4, 5),
                    Vae.EPSILON, Nd4j.randn(DataType.DOUBLE, 4, objective.samples(), 2 + 2));
            assertTrue(GradientCheck.passes(vae.sameDiff(), feed), objective.toString());
        }
    }

    /** Ancestral samples: with p(z1 | z2) = N(m, e^v) whatever z2, the codes have mean m and variance e^v. */
    @Test
    void ancestralSamplesFollowTheConditional() {
        Vae vae = vae(burda(), new Objective.BetaElbo(1, 1.0), 4);
        SameDiff sd = vae.sameDiff();
        vae.parameters().keySet().stream().filter(n -> n.startsWith(HierarchicalPrior.CONDITIONAL))
                .forEach(n -> sd.getVariable(n).getArr().assign(0));
        String last = HierarchicalPrior.CONDITIONAL + "_mean/b0";
        sd.getVariable(last).getArr().assign(Nd4j.create(new double[][] {{1.5, -0.5}}));
        sd.getVariable(HierarchicalPrior.CONDITIONAL + "_log_var/b0").getArr()
                .assign(Nd4j.create(new double[][] {{Math.log(0.25), Math.log(4)}}));
        INDArray z = vae.prior().sample(sd, 100_000, 2, Rng.seeded(5), DataType.DOUBLE);
        assertEquals(1.5, z.getColumn(0).meanNumber().doubleValue(), 0.01);
        assertEquals(-0.5, z.getColumn(1).meanNumber().doubleValue(), 0.03);
        assertEquals(0.25, z.getColumn(0).varNumber().doubleValue(), 0.01);
        assertEquals(4.0, z.getColumn(1).varNumber().doubleValue(), 0.1);
        assertArrayEquals(new long[] {7, 5}, vae.sample(7, Rng.seeded(6)).shape());
    }

    @Test
    void trainingMovesBothLayersAndLowersTheBound() {
        Dataset data = Dataset.unlabelled(uniform(4, 64, 5).gt(0.5).castTo(DataType.DOUBLE));
        Vae vae = vae(burda(), new Objective.Iwae(3), 5);
        Map<String, INDArray> before = vae.parameters();
        double[] curve = new Trainer(new TrainConfig(20, 16, 1e-2, 7)).fit(vae.trainGraph(), data, data, null,
                EpochListener.NONE).trainCurve(Term.TOTAL);
        for (String name : List.of("encoder_mean/w0", "decoder/w0", "prior_inference_mean/w0",
                "prior_conditional/w0")) {
            assertFalse(before.get(name).equalsWithEps(vae.sameDiff().getVariable(name).getArr(), 1e-6), name);
        }
        assertTrue(curve[curve.length - 1] < curve[0], curve[0] + " -> " + curve[curve.length - 1]);
        double[] logPx = vae.logLikelihood(data.x(), 20, 32, 20, Rng.seeded(9));
        assertTrue(java.util.Arrays.stream(logPx).allMatch(v -> Double.isFinite(v) && v < 0));
    }

    @Test
    void misfitLayersAndPerDatapointInferenceAreRefused() {
        assertEquals("q(z2 | z1) maps 2 to 3 values but p(z1 | z2) maps 2 to 2",
                assertThrows(IllegalArgumentException.class, () -> new HierarchicalPrior(
                        new GaussianEncoder(List.of(2), Activation.TANH, 3),
                        new GaussianEncoder(List.of(2), Activation.TANH, 2))).getMessage());
        assertEquals("q(z2 | z1) takes codes of 3 values but the encoder gives 2",
                assertThrows(IllegalArgumentException.class, () -> vae(HierarchicalPrior.mlp(3, List.of(4),
                        Activation.TANH, 2), new Objective.Iwae(2), 1)).getMessage());
        Vae vae = vae(burda(), new Objective.BetaElbo(1, 1.0), 1);
        INDArray x = uniform(1, 2, 5);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PerDatapointPosterior(vae, x, vae.encode(x), 1))
                .getMessage().startsWith("per-datapoint inference needs a prior with a density in closed form"));
    }

    /** Burda et al.'s shape in miniature: x (5) → 4 → z1 (2) → 3 → z2 (2), tanh. */
    private static HierarchicalPrior burda() {
        return HierarchicalPrior.mlp(2, List.of(3), Activation.TANH, 2);
    }

    private static Vae vae(org.ae4j.core.prob.Prior prior, Objective objective, long seed) {
        Vae.Parts mlp = new Vae.Spec(List.of(5, 4), Activation.TANH, 2, new Bernoulli(), objective).parts();
        return new Vae(new Vae.Parts(mlp.encoder(), mlp.decoder(), mlp.likelihood(), prior, objective), Rng.seeded(seed),
                DataType.DOUBLE);
    }
}
