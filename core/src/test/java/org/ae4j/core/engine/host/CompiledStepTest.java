package org.ae4j.core.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.engine.Backend;
import org.ae4j.core.model.Autoencoder;
import org.ae4j.core.model.TrainGraph;
import org.ae4j.core.model.Vae;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.prob.LearnedGaussian;
import org.ae4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CompiledStepTest {

    private static INDArray uniform(Rng rng, long... shape) {
        return Nd4j.create(floats(rng, (int) product(shape)), shape, 'c');
    }

    private static INDArray normal(Rng rng, long... shape) {
        float[] v = new float[(int) product(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c');
    }

    private static float[] floats(Rng rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextFloat();
        }
        return v;
    }

    private static long product(long... shape) {
        long p = 1;
        for (long s : shape) {
            p *= s;
        }
        return p;
    }

    /** A 6-4-2 VAE with one latent sample per example. */
    private static TrainGraph smallVae(Rng rng, Activation hidden) {
        return new Vae(new Vae.Spec(List.of(6, 4), hidden, 2, new Bernoulli(), 1, 1.0), rng, DataType.FLOAT)
                .trainGraph();
    }

    /** A batch of 3 for {@link #smallVae} with its ε. */
    private static Map<String, INDArray> smallVaeFeed(Rng rng) {
        return Map.of(Vae.INPUT, uniform(rng, 3, 6), Vae.EPSILON, normal(rng, 3, 1, 2));
    }

    /**
     * Outputs and gradients of the compiled step, with the graph's fused terms, equal SameDiff's own on a feed it
     * was not compiled with.
     */
    private static void assertAgreesWithSameDiff(TrainGraph graph, Map<String, INDArray> compileFeed,
                                                 Map<String, INDArray> otherFeed) {
        SameDiff sd = graph.sd();
        List<String> outputs = graph.termVariables().stream().distinct().toList();
        List<String> params = graph.parameterNames();
        List<FusedTerm> fused = HostEngine.kernels(graph.fusible(), sd);
        CompiledStep step = CompiledStep.compile(sd, compileFeed, outputs, params, fused);
        assertEquals(fused.size() * 2, step.profile(1).keySet().stream().filter(k -> k.startsWith("fused "))
                .count(), "each fused term runs forward and backward: " + step.profile(1).keySet());
        otherFeed.forEach((name, a) -> step.placeholder(name).assign(a));
        step.run();
        OutAndGrad want = sd.calculateGradientsAndOutputs(otherFeed, outputs, params);
        for (String o : outputs) {
            assertEquals(want.getOutputs().get(o).getDouble(0), step.output(o).getDouble(0),
                    1e-5 * Math.max(1, Math.abs(want.getOutputs().get(o).getDouble(0))), o);
        }
        for (String p : params) {
            INDArray w = want.getGradients().get(p);
            INDArray g = step.gradient(p);
            assertEquals(java.util.Arrays.toString(w.shape()), java.util.Arrays.toString(g.shape()), p);
            double scale = Math.max(1e-3, w.amaxNumber().doubleValue());
            assertTrue(w.sub(g).amaxNumber().doubleValue() <= 1e-4 * scale, p + " gradient differs");
        }
    }

    @Test
    void aVaeStepEqualsSameDiffsOnANewBatch() {
        Rng rng = Rng.seeded(3);
        Vae vae = new Vae(new Vae.Spec(List.of(12, 8), Activation.RELU, 3, new Bernoulli(), 2, 1.0), rng,
                DataType.FLOAT);
        assertAgreesWithSameDiff(vae.trainGraph(),
                Map.of(Vae.INPUT, uniform(rng, 5, 12), Vae.EPSILON, normal(rng, 5, 2, 3)),
                Map.of(Vae.INPUT, uniform(rng, 5, 12), Vae.EPSILON, normal(rng, 5, 2, 3)));
    }

    @Test
    void weightsTallerThanTheBatchStayOnOneThreadEachAndTheStepStillEqualsSameDiffs() {
        // 16 × 300 × 200 multiply-adds: split. The 200 × 3 mean and log-variance weights are too small to split.
        Rng rng = Rng.seeded(21);
        TrainGraph vae = new Vae(new Vae.Spec(List.of(300, 200), Activation.RELU, 3, new Bernoulli(), 1, 1.0), rng,
                DataType.FLOAT).trainGraph();
        Map<String, INDArray> feed = Map.of(Vae.INPUT, uniform(rng, 16, 300), Vae.EPSILON, normal(rng, 16, 1, 3));
        List<String> outputs = vae.termVariables().stream().distinct().toList();
        try {
            Backend.configure(2);
            CompiledStep two = CompiledStep.compile(vae.sd(), feed, outputs, vae.parameterNames(), HostEngine.kernels(vae.fusible(), vae.sd()));
            assertEquals(java.util.Set.of("encoder/w0", "decoder/w1"), two.rowOwned());
            assertAgreesWithSameDiff(vae, feed,
                    Map.of(Vae.INPUT, uniform(rng, 16, 300), Vae.EPSILON, normal(rng, 16, 1, 3)));
            // Weights changed in place between runs (each thread reads its own copy of its rows) are seen.
            vae.sd().getVariable("encoder/w0").getArr().muli(0.5);
            vae.sd().getVariable("decoder/w1").getArr().muli(-1);
            two.run();
            OutAndGrad want = vae.sd().calculateGradientsAndOutputs(feed, outputs, vae.parameterNames());
            for (String p : vae.parameterNames()) {
                INDArray w = want.getGradients().get(p);
                double scale = Math.max(1e-3, w.amaxNumber().doubleValue());
                assertTrue(w.sub(two.gradient(p)).amaxNumber().doubleValue() <= 1e-4 * scale, p + " after the change");
            }
            Backend.configure(1);
            CompiledStep one = CompiledStep.compile(vae.sd(), feed, outputs, vae.parameterNames(), HostEngine.kernels(vae.fusible(), vae.sd()));
            assertTrue(one.rowOwned().isEmpty(), "one thread owns everything: " + one.rowOwned());
        } finally {
            Backend.configure(Backend.defaultThreads());
        }
    }

    @Test
    void bernoulliModelsInFloatTrainWithTheirReconstructionFused() {
        Rng rng = Rng.seeded(13);
        TrainGraph vae = new Vae(new Vae.Spec(List.of(12, 8), Activation.RELU, 3, new Bernoulli(), 2, 1.0), rng,
                DataType.FLOAT).trainGraph();
        TrainGraph ae = new Autoencoder(List.of(12, 8, 3), Activation.TANH, new Bernoulli(), rng, DataType.FLOAT)
                .trainGraph();
        assertEquals(1, HostEngine.kernels(vae.fusible(), vae.sd()).size());
        assertEquals(1, HostEngine.kernels(ae.fusible(), ae.sd()).size());
        assertAgreesWithSameDiff(ae, Map.of(Autoencoder.INPUT, uniform(rng, 4, 12)),
                Map.of(Autoencoder.INPUT, uniform(rng, 4, 12)));
        TrainGraph inDouble = new Vae(new Vae.Spec(List.of(12, 8), Activation.RELU, 3, new Bernoulli(), 2, 1.0), rng,
                DataType.DOUBLE).trainGraph();
        assertEquals(1, inDouble.fusible().size(), "the model declares the term in any type");
        assertTrue(HostEngine.kernels(inDouble.fusible(), inDouble.sd()).isEmpty(), "the fused passes are FLOAT only");
    }

    @Test
    void aDeepAutoencoderWithALearnedVarianceStepEqualsSameDiffs() {
        Rng rng = Rng.seeded(4);
        Autoencoder ae = new Autoencoder(List.of(10, 7, 5, 2), Activation.SIGMOID, new LearnedGaussian(), rng,
                DataType.FLOAT);
        assertAgreesWithSameDiff(ae.trainGraph(), Map.of(Autoencoder.INPUT, normal(rng, 6, 10)),
                Map.of(Autoencoder.INPUT, normal(rng, 6, 10)));
    }

    /** relu(x·w + b) with b = 0 and a zero row of x: pre-activations exactly 0, where ReLU's gradient is 0. */
    @Test
    void reluAtExactlyZeroHasTheGradientSameDiffGives() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
        SDVariable w = sd.var("w", Nd4j.create(new float[] {1, -2, 0.5f, 0.3f, 1, -1}, new long[] {3, 2}, 'c'));
        SDVariable b = sd.var("b", Nd4j.zeros(DataType.FLOAT, 2));
        SDVariable y = sd.nn.relu(x.mmul(w).add(b), 0.0);
        SDVariable loss = y.mul(sd.constant(Nd4j.create(new float[] {2, 3}))).sum().rename("loss");
        sd.setLossVariables(loss);
        INDArray feed = Nd4j.create(new float[] {0, 0, 0, 1, 1, 1}, new long[] {2, 3}, 'c');
        CompiledStep step = CompiledStep.compile(sd, Map.of("x", feed), List.of("loss"), List.of("w", "b"));
        // Row 2 gives pre-activations 1.3 and -2 (only the first unit on); row 1 gives 0 and 0 (both off).
        assertEquals(2.0, step.gradient("b").getDouble(0), 1e-6);
        assertEquals(0.0, step.gradient("b").getDouble(1), 1e-6);
    }

    @Test
    void parametersChangedInPlaceAreSeenAndReplacedArraysAreRefused() {
        Rng rng = Rng.seeded(5);
        TrainGraph graph = smallVae(rng, Activation.TANH);
        Map<String, INDArray> feed = new HashMap<>(smallVaeFeed(rng));
        List<String> outputs = List.of(graph.loss().total().name());
        CompiledStep step = CompiledStep.compile(graph.sd(), feed, outputs, graph.parameterNames());
        double before = step.output(outputs.get(0)).getDouble(0);
        graph.sd().getVariable("decoder/b1").getArr().addi(0.5);
        step.run();
        double after = step.output(outputs.get(0)).getDouble(0);
        assertEquals(graph.sd().output(feed, outputs.get(0)).get(outputs.get(0)).getDouble(0), after, 1e-5);
        assertTrue(Math.abs(after - before) > 1e-3, "the step did not see the changed bias");

        graph.sd().getVariable("decoder/b1").setArray(Nd4j.zeros(DataType.FLOAT, 6));
        IllegalStateException e = assertThrows(IllegalStateException.class, step::run);
        assertTrue(e.getMessage().contains("decoder/b1"), e.getMessage());
    }

    @Test
    void aPlaceholderItDoesNotHaveIsNamedInTheError() {
        Rng rng = Rng.seeded(6);
        TrainGraph graph = smallVae(rng, Activation.RELU);
        CompiledStep step = CompiledStep.compile(graph.sd(), smallVaeFeed(rng), List.of(graph.loss().total().name()),
                graph.parameterNames());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> step.placeholder("z"));
        assertTrue(e.getMessage().contains("'z'"), e.getMessage());
    }
    /**
     * Products with either operand transposed (C = Aᵀ·W, H·Hᵀ as in an inner-product decoder), where the backward
     * pass needs gradients of both operands, and exp of one input twice (and once more for each in SameDiff's backward pass).
     */
    @Test
    void transposedProductsAndRepeatedOpsGiveSameDiffsGradients() {
        Rng rng = Rng.seeded(7);
        SameDiff sd = SameDiff.create();
        SDVariable a = sd.placeHolder("a", DataType.FLOAT, 5, 4);                       // [5, 4]
        SDVariable w = sd.var("w", normal(rng, 5, 3));
        SDVariable v = sd.var("v", normal(rng, 3, 2));
        SDVariable h = sd.math.tanh(sd.mmul(a, w, true, false, false));                 // Aᵀ·W [4, 3]
        SDVariable z = sd.mmul(h, v);                                                   // [4, 2]
        SDVariable logits = sd.mmul(z, z, false, true, false);                          // Z·Zᵀ [4, 4]
        SDVariable scaled = logits.mul(0.1);
        SDVariable loss = sd.math.exp(scaled).sum()
                .add(sd.math.exp(scaled).mul(sd.constant(normal(rng, 4, 4))).sum()).rename("loss");
        sd.setLossVariables(loss);
        INDArray first = uniform(rng, 5, 4);
        INDArray second = uniform(rng, 5, 4);
        CompiledStep step = CompiledStep.compile(sd, Map.of("a", first), List.of("loss"), List.of("w", "v"));
        step.placeholder("a").assign(second);
        step.run();
        OutAndGrad want = sd.calculateGradientsAndOutputs(Map.of("a", second), List.of("loss"), List.of("w", "v"));
        assertEquals(want.getOutputs().get("loss").getDouble(0), step.output("loss").getDouble(0), 1e-5);
        for (String p : List.of("w", "v")) {
            INDArray g = want.getGradients().get(p);
            assertTrue(g.sub(step.gradient(p)).amaxNumber().doubleValue() <= 1e-5 * Math.max(1,
                    g.amaxNumber().doubleValue()), p + " gradient differs");
        }
        long exps = step.profile(1).keySet().stream().filter(k -> k.contains("(exp ")).count();
        assertEquals(1, exps, "exp of the same input should run once: " + step.profile(1).keySet());
    }

    @Test
    void aForwardPassAloneEqualsSameDiffsOutputOnANewBatch() {
        Rng rng = Rng.seeded(8);
        Vae vae = new Vae(new Vae.Spec(List.of(12, 8), Activation.RELU, 3, new Bernoulli(), 2, 1.0), rng,
                DataType.FLOAT);
        TrainGraph graph = vae.trainGraph();
        List<String> outputs = graph.termVariables().stream().distinct().toList();
        CompiledStep forward = CompiledStep.compileForward(graph.sd(),
                Map.of(Vae.INPUT, uniform(rng, 5, 12), Vae.EPSILON, normal(rng, 5, 2, 3)), outputs);
        Map<String, INDArray> other = Map.of(Vae.INPUT, uniform(rng, 5, 12), Vae.EPSILON, normal(rng, 5, 2, 3));
        other.forEach((name, a) -> forward.placeholder(name).assign(a));
        forward.run();
        Map<String, INDArray> want = graph.sd().output(other, outputs.toArray(String[]::new));
        for (String o : outputs) {
            assertEquals(want.get(o).getDouble(0), forward.output(o).getDouble(0), 1e-5, o);
        }
        assertTrue(forward.gradients().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompiledStep.compile(graph.sd(), other, outputs, List.of()));
        assertTrue(e.getMessage().contains("compileForward"), e.getMessage());
    }

    /** {@code 0.5 Σ c ⊙ h²} with a constant c, computed in Java: the fused form of {@link #halfWeightedSquares}. */
    private record HalfWeightedSquares(INDArray c, double gradientScale, String output) implements FusedTerm {
        private static INDArray last;

        @Override
        public String input() {
            return "h";
        }

        @Override
        public double forward(INDArray h, List<INDArray> reads) {
            last = h;
            return h.mul(h).muli(c).sumNumber().doubleValue() / 2;
        }

        @Override
        public void backward(double upstream, INDArray gradient) {
            gradient.assign(last.mul(c).muli(upstream * gradientScale));
        }
    }

    /** h = tanh(x W) [4, 2]; loss = 3 · 0.5 Σ c ⊙ h² + 0.1 Σ W (+ 0.1 Σ h when h leaks, + Σ h ⊙ v when it reads v). */
    private static SameDiff halfWeightedSquares(INDArray c, boolean leak, boolean readsVariable) {
        SameDiff sd = SameDiff.create();
        Rng rng = Rng.seeded(9);
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 4, 3);
        SDVariable w = sd.var("w", normal(rng, 3, 2));
        SDVariable h = sd.math.tanh("h", x.mmul(w));
        SDVariable term = h.mul(h).mul(sd.constant(c)).sum().div(2);
        if (readsVariable) {
            term = term.add(h.mul(sd.var("v", normal(rng, 4, 2))).sum());
        }
        term = term.rename("term");
        SDVariable other = w.sum().mul(0.1);
        if (leak) {
            other = other.add(h.sum().mul(0.1));
        }
        sd.setLossVariables(term.mul(3).add(other).rename("loss"));
        return sd;
    }

    @Test
    void aFusedTermReplacesItsOpsAndIsCheckedAgainstThem() {
        Rng rng = Rng.seeded(10);
        INDArray c = uniform(rng, 4, 2);
        SameDiff sd = halfWeightedSquares(c, false, false);
        List<String> outputs = List.of("loss", "term");
        CompiledStep plain = CompiledStep.compile(sd, Map.of("x", normal(rng, 4, 3)), outputs, List.of("w"));
        CompiledStep fused = CompiledStep.compile(sd, Map.of("x", normal(rng, 4, 3)), outputs, List.of("w"),
                List.of(new HalfWeightedSquares(c, 1, "term")));
        INDArray x = normal(rng, 4, 3);
        fused.placeholder("x").assign(x);
        fused.run();
        OutAndGrad want = sd.calculateGradientsAndOutputs(Map.of("x", x), outputs, List.of("w"));
        for (String o : outputs) {
            assertEquals(want.getOutputs().get(o).getDouble(0), fused.output(o).getDouble(0), 1e-5, o);
        }
        INDArray g = want.getGradients().get("w");
        assertTrue(g.sub(fused.gradient("w")).amaxNumber().doubleValue() <= 1e-5 * Math.max(1,
                g.amaxNumber().doubleValue()), "w gradient differs");
        assertTrue(fused.size() < plain.size(), fused.size() + " steps fused, " + plain.size() + " not");
        assertTrue(fused.profile(1).keySet().stream().anyMatch(k -> k.startsWith("fused term")), "" + fused.profile(1));

        IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> CompiledStep.compile(sd,
                Map.of("x", x), outputs, List.of("w"), List.of(new HalfWeightedSquares(c, 0.5, "term"))));
        assertTrue(wrong.getMessage().contains("w"), wrong.getMessage());
    }

    @Test
    void aFusedTermThatLeaksOrReadsAParameterIsRefused() {
        Rng rng = Rng.seeded(11);
        INDArray c = uniform(rng, 4, 2);
        Map<String, INDArray> feed = Map.of("x", normal(rng, 4, 3));
        IllegalArgumentException leak = assertThrows(IllegalArgumentException.class, () -> CompiledStep.compile(
                halfWeightedSquares(c, true, false), feed, List.of("loss"), List.of("w"),
                List.of(new HalfWeightedSquares(c, 1, "term"))));
        assertTrue(leak.getMessage().contains("'h' is also read"), leak.getMessage());
        IllegalArgumentException reads = assertThrows(IllegalArgumentException.class, () -> CompiledStep.compile(
                halfWeightedSquares(c, false, true), feed, List.of("loss"), List.of("w", "v"),
                List.of(new HalfWeightedSquares(c, 1, "term"))));
        assertTrue(reads.getMessage().contains("reads 'v', which is a parameter"), reads.getMessage());
    }

    @Test
    void aFusedTermMayBeTheLossItself() {
        Rng rng = Rng.seeded(12);
        INDArray c = uniform(rng, 4, 2);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 4, 3);
        SDVariable h = sd.math.tanh("h", x.mmul(sd.var("w", normal(rng, 3, 2))));
        sd.setLossVariables(h.mul(h).mul(sd.constant(c)).sum().div(2).rename("loss"));
        CompiledStep step = CompiledStep.compile(sd, Map.of("x", normal(rng, 4, 3)), List.of("loss"), List.of("w"),
                List.of(new HalfWeightedSquares(c, 1, "loss")));
        assertTrue(step.profile(1).keySet().stream().anyMatch(k -> k.startsWith("fused loss")), "" + step.profile(1));
    }

    @Test
    void agreementIsJudgedOverTheWholeArrayWithinRounding() {
        Rng rng = Rng.seeded(13);
        INDArray want = normal(rng, 30, 250);
        assertNull(CompiledStep.disagreement(want, want.add(normal(rng, 30, 250).muli(1e-6))), "rounding");
        // One unit's entries for one example moved, as when a ReLU input rounds to the other side of 0 in one of
        // the two passes: 6e-4 of the largest entry (an entrywise 1e-4 refused it), 6e-5 of the norm.
        INDArray flipped = want.dup();
        flipped.getColumn(7).addi(normal(rng, 30).muli(1e-3));
        assertNull(CompiledStep.disagreement(want, flipped), "one unit of one example");

        INDArray block = want.dup();
        block.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(16, 32))
                .assign(0);
        assertNotNull(CompiledStep.disagreement(want, block), "a block of 16 columns not written");
        assertNotNull(CompiledStep.disagreement(want, want.mul(1.01)), "1% off");
        INDArray upstream = normal(rng, 128, 250);
        INDArray lastRowMissing = upstream.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 127),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).sum(true, 0);
        String reason = CompiledStep.disagreement(upstream.sum(true, 0), lastRowMissing);
        assertNotNull(reason, "a bias gradient summing 127 of 128 rows");
        assertTrue(reason.startsWith("norm of the difference"), reason);

        INDArray exact = want.castTo(DataType.DOUBLE);
        assertNotNull(CompiledStep.disagreement(exact, exact.mul(1 + 1e-6)), "double is held to double's rounding");
        assertNull(CompiledStep.disagreement(want, want.mul(1 + 1e-6)), "float to float's");
        assertEquals("shape [250, 30] vs [30, 250]", CompiledStep.disagreement(want, want.transpose().dup()));
        INDArray nan = want.dup();
        nan.putScalar(3, Float.NaN);
        assertNull(CompiledStep.disagreement(nan, nan.dup()));
        assertEquals("non-finite in different places", CompiledStep.disagreement(nan, want));
    }
}
