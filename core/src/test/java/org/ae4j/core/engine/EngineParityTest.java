package org.ae4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ae4j.core.engine.host.CompiledStep;
import org.ae4j.core.model.Autoencoder;
import org.ae4j.core.model.Corruption;
import org.ae4j.core.model.DenoisingAutoencoder;
import org.ae4j.core.model.GaussianHeads;
import org.ae4j.core.model.HierarchicalPrior;
import org.ae4j.core.model.Objective;
import org.ae4j.core.model.TrainGraph;
import org.ae4j.core.model.Vae;
import org.ae4j.core.model.VampPrior;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.Chain;
import org.ae4j.core.nn.ConvStack;
import org.ae4j.core.nn.ConvStack.ImageShape;
import org.ae4j.core.nn.ConvStack.Layer;
import org.ae4j.core.nn.Mlp;
import org.ae4j.core.optim.AdamOptimizer;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.prob.Gaussian;
import org.ae4j.core.prob.LearnedGaussian;
import org.ae4j.core.prob.Prior;
import org.ae4j.core.prob.StandardNormal;
import org.ae4j.core.random.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The host and portable engines compute the same losses and gradients, and the same parameters after 50 Adam
 * steps, for every model the lecture trains with minibatches: relative L2 within 1e-3 in FLOAT (the host engine
 * fuses the Bernoulli likelihood and cuts products among threads; the portable engine runs SameDiff's ops) and
 * 1e-8 in DOUBLE. The portable engine is what runs under CUDA, so this is the CPU's check that CUDA computes what
 * the CPU does.
 */
class EngineParityTest {
    private static final int D = 12;
    private static final int BATCH = 6;

    static Stream<Arguments> models() {
        List<Arguments> all = new ArrayList<>();
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (String model : new String[] {"ae-bernoulli", "ae-gaussian", "dae-masking", "dae-gaussian",
                "vae-bernoulli", "vae-gaussian", "vae-learned-gaussian", "iwae", "miwae", "ciwae", "piwae", "vampprior", "two-layers", "conv-vae"}) {
                all.add(Arguments.of(model, type));
            }
        }
        return all.stream();
    }

    private static TrainGraph model(String name, DataType type) {
        Rng rng = Rng.seeded(5, name);
        return switch (name) {
            case "ae-bernoulli" -> new Autoencoder(List.of(D, 8, 3), Activation.RELU, new Bernoulli(), rng, type)
                    .trainGraph();
            case "ae-gaussian" -> new Autoencoder(List.of(D, 8, 3), Activation.TANH, new Gaussian(0.5), rng, type)
                    .trainGraph();
            case "dae-masking" -> new DenoisingAutoencoder(List.of(D, 8, 3), Activation.RELU, new Bernoulli(),
                    new Corruption.Masking(0.25), rng, type).trainGraph();
            case "dae-gaussian" -> new DenoisingAutoencoder(List.of(D, 8, 3), Activation.RELU, new Gaussian(1.0),
                    new Corruption.AdditiveGaussian(0.3), rng, type).trainGraph();
            case "vae-bernoulli" -> vae(new Bernoulli(), rng, type);
            case "vae-gaussian" -> vae(new Gaussian(0.5), rng, type);
            case "vae-learned-gaussian" -> vae(new LearnedGaussian(), rng, type);
            case "iwae" -> vae(new Objective.Iwae(5), rng, type);
            case "miwae" -> vae(new Objective.Miwae(2, 3), rng, type);
            case "ciwae" -> vae(new Objective.Ciwae(4, 0.5), rng, type);
            case "piwae" -> vae(new Objective.Piwae(2, 2), rng, type);
            case "conv-vae" -> new Vae(convVae(), rng, type).trainGraph();
            case "vampprior" -> vae(new VampPrior(4, 0.5, 0.2), new Objective.BetaElbo(2, 1.0), rng, type);
            case "two-layers" -> vae(HierarchicalPrior.mlp(3, List.of(5), Activation.TANH, 2), new Objective.Iwae(3),
                    rng, type);
            default -> throw new AssertionError(name);
        };
    }

    private static TrainGraph vae(org.ae4j.core.prob.Likelihood likelihood, Rng rng, DataType type) {
        return new Vae(new Vae.Spec(List.of(D, 8), Activation.RELU, 3, likelihood, 2, 1.0), rng, type).trainGraph();
    }

    /** 1 x 3 x 4 images (D = 12) through a convolution to 2 x 3 x 4, K = 3, and back through 2 x 2 x 3 and a transposed one. */
    private static Vae.Parts convVae() {
        ConvStack down = new ConvStack(new ImageShape(1, 3, 4), List.of(Layer.conv(2, 3, 1, 1)), Activation.TANH,
                Activation.TANH);
        ConvStack up = new ConvStack(new ImageShape(2, 2, 3), List.of(Layer.up(1, 2, 1, 0)), Activation.TANH,
                Activation.IDENTITY);
        return new Vae.Parts(new GaussianHeads(down, 3), Chain.of(new Mlp(List.of(3, 12), Activation.TANH,
                Activation.TANH), up), new Bernoulli(), new StandardNormal(), new Objective.BetaElbo(2, 1.0));
    }

    /** A Bernoulli VAE with a learned prior. */
    private static TrainGraph vae(Prior prior, Objective objective, Rng rng, DataType type) {
        Vae.Parts mlp = new Vae.Spec(List.of(D, 8), Activation.TANH, 3, new Bernoulli(), objective).parts();
        return new Vae(new Vae.Parts(mlp.encoder(), mlp.decoder(), mlp.likelihood(), prior, objective), rng, type)
                .trainGraph();
    }

    /** A Bernoulli VAE trained on a bound tighter than the ELBO. */
    private static TrainGraph vae(Objective objective, Rng rng, DataType type) {
        return new Vae(new Vae.Spec(List.of(D, 8), Activation.TANH, 3, new Bernoulli(), objective), rng, type)
                .trainGraph();
    }

    /** Grey levels in (0, 1): valid targets for every likelihood here. */
    private static INDArray batch(Rng rng, DataType type) {
        double[] v = new double[BATCH * D];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.05 + 0.9 * rng.nextDouble();
        }
        return Nd4j.createFromArray(v).reshape(BATCH, D).castTo(type);
    }

    private static double tolerance(DataType type) {
        return type == DataType.FLOAT ? 1e-3 : 1e-8;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void bothEnginesGiveTheSameLossesAndGradients(String name, DataType type) {
        TrainGraph graph = model(name, type);
        Rng rng = Rng.seeded(11);
        Map<String, INDArray> feed = graph.feed(batch(rng, type), rng);
        List<String> outputs = graph.termVariables().stream().distinct().toList();
        EngineComparison.gradients(Engine.named(Engine.HOST), Engine.named(Engine.PORTABLE), graph.sd(), feed,
                        outputs, graph.parameterNames(), graph.fusible())
                .forEach((what, difference) -> assertTrue(difference <= tolerance(type),
                        what + ": relative L2 difference " + difference));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void fiftyAdamStepsLeaveTheSameParameters(String name, DataType type) {
        TrainGraph a = model(name, type);
        TrainGraph b = model(name, type);
        List<String> outputs = a.termVariables().stream().distinct().toList();
        AdamOptimizer host = new AdamOptimizer(a.sd(), a.parameterNames(), 3e-3, a.fusible(), Engine.named(Engine.HOST));
        AdamOptimizer portable = new AdamOptimizer(b.sd(), b.parameterNames(), 3e-3, b.fusible(),
                Engine.named(Engine.PORTABLE));
        Rng rng = Rng.seeded(12);
        for (int step = 0; step < 50; step++) {
            Map<String, INDArray> feed = a.feed(batch(rng, type), rng);
            Map<String, Double> want = portable.step(feed, outputs);
            Map<String, Double> got = host.step(feed, outputs);
            for (String o : outputs) {
                assertEquals(want.get(o), got.get(o), tolerance(type) * Math.max(1, Math.abs(want.get(o))),
                        o + " at step " + step);
            }
        }
        boolean moved = false;
        for (String p : a.parameterNames()) {
            INDArray want = b.sd().getVariable(p).getArr();
            assertClose(want, a.sd().getVariable(p).getArr(), tolerance(type), p + " after 50 steps");
            moved |= !want.equalsWithEps(model(name, type).sd().getVariable(p).getArr(), 1e-6);
        }
        assertTrue(moved, "the steps moved the parameters");
        assertFalse(host.passes().isEmpty());
        // Compiled, not SameDiff's executor as a fallback: the host engine runs every op of these graphs itself.
        host.passes().forEach(p -> assertTrue(p instanceof CompiledStep, name + " ran on " + p.getClass()));
    }

    static void assertClose(INDArray want, INDArray got, double tolerance, String what) {
        double difference = EngineComparison.relativeL2(want, got);
        assertTrue(difference <= tolerance, what + ": relative L2 difference " + difference);
    }
}
