package org.ae4j.graph.model;

import static org.ae4j.graph.SeededArrays.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ae4j.core.loss.Term;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.GradientCheck;
import org.ae4j.graph.data.NodeOrdering;
import org.ae4j.graph.data.GraphFamilies;
import org.ae4j.graph.data.SmallGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class GraphVaeTest {
    /** k = 5 slots, 2 node types, 2 edge types. */
    private static GraphVae.Spec spec(int orderings) {
        return new GraphVae.Spec(5, 2, 2, List.of(6, 4), 3, List.of(8), orderings);
    }

    /** A typed 4-node graph: a triangle 0-1-2 (one double edge) with a pendant 3 on 2. */
    private static SmallGraph molecule() {
        return new SmallGraph(new int[] {0, 1, 0, 1}, new int[][] {{0, 1}, {1, 2}, {0, 2}, {2, 3}}, new int[] {0, 1, 0, 0});
    }

    /** A decoder of zeros: uniform categoricals over every slot and slot pair, whatever z is. */
    private static void zeroDecoder(GraphVae m) {
        for (SDVariable v : m.sameDiff().variables()) {
            if (v.getVariableType() == VariableType.VARIABLE && v.name().startsWith("decoder/")) {
                v.getArr().assign(0);
            }
        }
    }

    private static double output(GraphVae m, Map<String, INDArray> feed, String name) {
        return m.sameDiff().output(feed, name).get(name).getDouble(0);
    }

    private static INDArray elbos(GraphVae m, Map<String, INDArray> feed) {
        return m.sameDiff().output(feed, GraphVae.ELBO).get(GraphVae.ELBO);
    }

    @Test
    void theBoundsGradientMatchesFiniteDifferences() {
        GraphVae m = new GraphVae(spec(2), Rng.seeded(1), DataType.DOUBLE);
        Rng rng = Rng.seeded(2);
        SmallGraph a = molecule();
        SmallGraph b = GraphFamilies.path(3);
        List<SmallGraph> rows = List.of(a, a.permuted(rng.permutation(4)), b, b.permuted(new int[] {2, 0, 1}));
        assertTrue(GradientCheck.passes(m.sameDiff(), m.inputs(rows, gaussian(3, 4, 3))));
    }

    @Test
    void theGradientOfTheWarmedUpFreeBitsObjectiveMatchesFiniteDifferences() {
        GraphVae m = new GraphVae(spec(1), Rng.seeded(1), DataType.DOUBLE);
        Map<String, INDArray> feed = m.inputs(List.of(molecule(), GraphFamilies.path(3)), gaussian(3, 2, 3));
        feed.get(GraphVae.KL_WEIGHT).assign(0.3);
        feed.get(GraphVae.FREE_BITS).assign(0.05); // below some dimensions' KL and above others'
        assertTrue(GradientCheck.passes(m.sameDiff(), feed));
    }

    @Test
    void freeBitsChargeEachDimensionAtLeastLambdaAndTheWeightScalesTheKl() {
        GraphVae m = new GraphVae(spec(1), Rng.seeded(1), DataType.DOUBLE);
        Map<String, INDArray> feed = m.inputs(List.of(molecule()), gaussian(3, 1, 3)); // one graph: B = 1 works
        double recon = output(m, feed, m.loss().variable(Term.RECONSTRUCTION).name());
        double kl = output(m, feed, m.loss().variable(Term.KL).name());
        String total = m.loss().total().name();
        assertEquals(recon + kl, output(m, feed, total), 1e-10, "β = 1, λ = 0: the negative ELBO");
        feed.get(GraphVae.KL_WEIGHT).assign(0.25);
        assertEquals(recon + 0.25 * kl, output(m, feed, total), 1e-10);
        // λ above every dimension's KL: the 3 latent dimensions cost 3λ whatever q is.
        assertEquals(3, m.spec().latent());
        double lambda = 10 * kl;
        feed.get(GraphVae.FREE_BITS).assign(lambda);
        assertEquals(recon + 0.25 * 3 * lambda, output(m, feed, total), 1e-10);
    }

    @Test
    void theKlWeightRisesLinearlyOverTheWarmUpAndTheScheduleValidatesItsSettings() {
        GraphVae.KlSchedule warm = new GraphVae.KlSchedule(2, 0.5);
        assertEquals(0.1, warm.klWeight(0, 5), 1e-12);   // 10 warm-up steps
        assertEquals(0.5, warm.klWeight(4, 5), 1e-12);
        assertEquals(1.0, warm.klWeight(9, 5), 1e-12);
        assertEquals(1.0, warm.klWeight(30, 5), 1e-12);
        assertEquals(1.0, GraphVae.KlSchedule.NONE.klWeight(0, 5), 1e-12);
        assertSame(warm, warm.requireWithin(2));
        assertThrows(IllegalArgumentException.class, () -> warm.requireWithin(1));
        assertThrows(IllegalArgumentException.class, () -> new GraphVae.KlSchedule(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new GraphVae.KlSchedule(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new GraphVae.KlSchedule(0, -0.1));
    }

    @Test
    void aZeroDecoderGivesUniformCategoricals() {
        GraphVae m = new GraphVae(spec(1), Rng.seeded(1), DataType.DOUBLE);
        zeroDecoder(m);
        Map<String, INDArray> feed = m.inputs(List.of(molecule()), gaussian(3, 1, 3));
        // 5 slots over 3 classes, 10 slot pairs over 3 classes.
        assertEquals(5 * Math.log(3) + 10 * Math.log(3), output(m, feed, m.loss().variable(Term.RECONSTRUCTION).name()),
                1e-12);
    }

    @Test
    void theEncoderIsInvariantButTheDecoderIsNot() {
        GraphVae m = new GraphVae(spec(1), Rng.seeded(1), DataType.DOUBLE);
        SmallGraph g = molecule();
        INDArray eps = gaussian(3, 1, 3);
        Rng rng = Rng.seeded(4);
        double kl = output(m, m.inputs(List.of(g), eps), m.loss().variable(Term.KL).name());
        double elbo = elbos(m, m.inputs(List.of(g), eps)).getDouble(0);
        boolean changed = false;
        for (int trial = 0; trial < 5; trial++) {
            Map<String, INDArray> permuted = m.inputs(List.of(g.permuted(rng.permutation(4))), eps);
            // q(z | PX, PAPᵀ) = q(z | X, A): same KL, and the same z for the same ε ...
            assertEquals(kl, output(m, permuted, m.loss().variable(Term.KL).name()), 1e-12);
            // ... but the slot-wise decoder scores the relabelled graph differently.
            changed |= Math.abs(elbos(m, permuted).getDouble(0) - elbo) > 1e-6;
        }
        assertTrue(changed, "an MLP decoder should not be equivariant");
    }

    @Test
    void theBoundIsTheLogSumExpOfTheOrderingsElbosAndGrowsWithNestedSets() {
        SmallGraph g = molecule();
        Rng rng = Rng.seeded(5);
        List<SmallGraph> orderings = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            orderings.add(g.permuted(rng.permutation(4)));
        }
        INDArray eps = gaussian(6, 1, 3).repeat(0, 4);
        double previous = Double.NEGATIVE_INFINITY;
        for (int size : new int[] {1, 2, 4}) {
            GraphVae m = new GraphVae(spec(size), Rng.seeded(1), DataType.DOUBLE); // same weights for every size
            Map<String, INDArray> feed = m.inputs(orderings.subList(0, size), eps.get(
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, size), org.nd4j.linalg.indexing.NDArrayIndex.all()));
            double[] e = elbos(m, feed).toDoubleVector();
            double max = java.util.Arrays.stream(e).max().getAsDouble();
            double lse = max + Math.log(java.util.Arrays.stream(e).map(x -> Math.exp(x - max)).sum());
            double bound = -output(m, feed, m.loss().total().name());
            assertEquals(lse, bound, 1e-10);
            assertTrue(bound >= previous, size + " orderings: " + bound + " < " + previous);
            previous = bound;
        }
        assertNotEquals(Double.NEGATIVE_INFINITY, previous);
    }

    @Test
    void withAUniformDecoderTheOrderingBoundIsTheElboPlusLogS() {
        // Every ordering scores the same under a zero decoder, and the KL does not see the ordering, so
        // log Σ_{P∈S} exp ELBO = ELBO + log |S| exactly; 40 graphs · 16 orderings also spans several chunks.
        GraphVae m = new GraphVae(spec(1), Rng.seeded(1), DataType.DOUBLE);
        zeroDecoder(m);
        List<SmallGraph> graphs = new ArrayList<>();
        Rng rng = Rng.seeded(8);
        for (int i = 0; i < 40; i++) {
            graphs.add(i % 2 == 0 ? molecule() : GraphFamilies.Family.TREE.sample(5, rng));
        }
        double[] one = m.orderingBound(graphs, NodeOrdering.UNIFORM, 1, Rng.seeded(9));
        for (int size : new int[] {4, 16}) {
            double[] many = m.orderingBound(graphs, NodeOrdering.UNIFORM, size, Rng.seeded(10));
            for (int g = 0; g < graphs.size(); g++) {
                assertEquals(one[g] + Math.log(size), many[g], 1e-9, "graph " + g + ", |S| = " + size);
            }
        }
        assertEquals(-15 * Math.log(3), one[0] + output(m, m.inputs(List.of(molecule()), gaussian(3, 1, 3)),
                m.loss().variable(Term.KL).name()), 1e-9);
    }

    @Test
    void theEvaluatedBoundSumsOverDistinctOrderingsOnly() {
        // A 6-cycle has 12 BFS orderings (a start, then a direction): asking for 64 sums over those 12, each once.
        GraphVae m = new GraphVae(new GraphVae.Spec(6, 1, 1, List.of(4), 3, List.of(8), 1), Rng.seeded(1), DataType.DOUBLE);
        zeroDecoder(m);
        List<SmallGraph> cycle = List.of(GraphFamilies.cycle(6));
        double one = m.orderingBound(cycle, NodeOrdering.BFS, 1, Rng.seeded(3))[0];
        assertEquals(one + Math.log(12), m.orderingBound(cycle, NodeOrdering.BFS, 64, Rng.seeded(4))[0], 1e-9);
        assertEquals(one + Math.log(5), m.orderingBound(cycle, NodeOrdering.BFS, 5, Rng.seeded(4))[0], 1e-9);
    }

    @Test
    void trainedOnCyclesItsBoundDropsAndItsSamplesAreConnectedWithDegreeAtMostTwo() {
        Rng rng = Rng.seeded(7);
        List<SmallGraph> cycles = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            SmallGraph c = GraphFamilies.Family.CYCLE.sample(6, rng);
            cycles.add(c.permuted(rng.permutation(c.nodes())));
        }
        GraphVae m = new GraphVae(new GraphVae.Spec(6, 1, 1, List.of(16, 16), 4, List.of(64), 1), Rng.seeded(8),
                DataType.FLOAT);
        double[] trace = fit(m, cycles, new GraphVae.Alignment.Orderings(NodeOrdering.BFS),
                new org.ae4j.core.train.TrainConfig(40, 32, 3e-3, 9));
        assertTrue(trace[39] < 0.25 * trace[0], "bound " + trace[0] + " -> " + trace[39]);
        // This small model learns the BFS pattern of a cycle's slots but not (yet) the size-dependent closing
        // edge: its samples are paths. What it must get right is the local structure.
        List<SmallGraph> samples = m.sample(100, Rng.seeded(10));
        long plausible = samples.stream().filter(g -> g.isConnected()
                && java.util.Arrays.stream(g.degrees()).allMatch(d -> d >= 1 && d <= 2)).count();
        assertTrue(plausible >= 90, plausible + " of 100 samples are connected with degrees 1-2");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void theMatchedElboIsInvariantToPermutingTheInputGraph(boolean refine) {
        GraphVae m = new GraphVae(spec(1), Rng.seeded(1), DataType.DOUBLE);
        GraphVae.Alignment.Matching matching = new GraphVae.Alignment.Matching(75, refine);
        SmallGraph g = molecule();
        INDArray eps = gaussian(3, 1, 3);
        double matched = m.elbos(List.of(g), m.match(List.of(g), eps, matching), eps)[0];
        double unmatched = m.elbos(List.of(g), null, eps)[0];
        Rng rng = Rng.seeded(11);
        for (int trial = 0; trial < 5; trial++) {
            SmallGraph p = g.permuted(rng.permutation(4));
            assertEquals(matched, m.elbos(List.of(p), m.match(List.of(p), eps, matching), eps)[0], 1e-9);
        }
        // Matching looks for the decoder's best reading of the graph: it may not do worse than slots 0..n−1
        // by much, and here it does better.
        assertTrue(matched > unmatched, matched + " vs " + unmatched);
    }

    @Test
    void trainingWithMatchingLowersTheLoss() {
        Rng rng = Rng.seeded(12);
        List<SmallGraph> trees = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            trees.add(GraphFamilies.Family.TREE.sample(6, rng));
        }
        GraphVae m = new GraphVae(new GraphVae.Spec(6, 1, 1, List.of(16), 4, List.of(32), 1), Rng.seeded(13),
                DataType.FLOAT);
        double[] trace = fit(m, trees, new GraphVae.Alignment.Matching(20, false),
                new org.ae4j.core.train.TrainConfig(10, 32, 3e-3, 14));
        assertTrue(trace[9] < 0.6 * trace[0], "bound " + trace[0] + " -> " + trace[9]);
    }

    @Test
    void aConfidentlyWrongDecoderGivesALargeFiniteLoss() {
        // Logits 300 apart: a log of an underflowed softmax would give −∞, and −∞ · 0 = NaN.
        GraphVae m = new GraphVae(spec(1), Rng.seeded(1), DataType.FLOAT);
        INDArray bias = m.sameDiff().getVariable("decoder/nodes/b0").getArr();
        for (int slot = 0; slot < 5; slot++) {
            bias.putScalar(0, slot * 3 + 2, 300.0); // every slot sure it is empty
        }
        double recon = output(m, m.inputs(List.of(molecule()), gaussian(3, 1, 3).castTo(DataType.FLOAT)),
                m.loss().variable(Term.RECONSTRUCTION).name());
        assertTrue(Double.isFinite(recon) && recon > 4 * 290, "reconstruction " + recon);
    }

    /** Plain training on the bound through the Trainer; the mean negative bound of each epoch. */
    static double[] fit(GraphVae m, List<SmallGraph> graphs, GraphVae.Alignment alignment,
                        org.ae4j.core.train.TrainConfig config) {
        return new org.ae4j.core.train.Trainer(config).withHooks(GraphVae.KlSchedule.NONE.hooks())
                .fit(m.trainGraph(), m.batches(graphs, alignment, config.batchSize()), null, null,
                        org.ae4j.core.train.EpochListener.NONE).trainCurve(org.ae4j.core.loss.Term.TOTAL);
    }
}
