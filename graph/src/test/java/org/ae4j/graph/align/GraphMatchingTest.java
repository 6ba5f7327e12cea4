package org.ae4j.graph.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ae4j.core.random.Rng;
import org.ae4j.graph.data.DenseGraphs;
import org.ae4j.graph.data.GraphFamilies;
import org.ae4j.graph.data.SmallGraph;
import org.junit.jupiter.api.Test;

class GraphMatchingTest {
    private static final int NODE_TYPES = 3;
    private static final int EDGE_TYPES = 2;

    /** A 5-node graph without automorphisms: types 0,1,2,0,1; edges 0-1 (type 0), 1-2 (1), 2-3 (0), 3-4 (0), 0-2 (1). */
    private static SmallGraph asymmetric() {
        return new SmallGraph(new int[] {0, 1, 2, 0, 1}, new int[][] {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {0, 2}},
                new int[] {0, 1, 0, 0, 1});
    }

    /** Decoder output that puts node i of g in slot slotOf[i] with probability 0.8 for every choice. */
    private static double[][][] confidentOutput(SmallGraph g, int[] slotOf, int k) {
        double[][] nodes = new double[k][NODE_TYPES + 1];
        for (double[] row : nodes) {
            java.util.Arrays.fill(row, 0.2 / NODE_TYPES);
            row[NODE_TYPES] = 0.8; // empty unless a node is placed
        }
        for (int i = 0; i < g.nodes(); i++) {
            java.util.Arrays.fill(nodes[slotOf[i]], 0.2 / NODE_TYPES);
            nodes[slotOf[i]][g.nodeTypes()[i]] = 0.8;
        }
        double[][] pairs = new double[DenseGraphs.pairs(k)][EDGE_TYPES + 1];
        for (double[] row : pairs) {
            java.util.Arrays.fill(row, 0.2 / EDGE_TYPES);
            row[EDGE_TYPES] = 0.8;
        }
        for (int e = 0; e < g.edges().length; e++) {
            int a = slotOf[g.edges()[e][0]];
            int b = slotOf[g.edges()[e][1]];
            double[] row = pairs[DenseGraphs.pairIndex(Math.min(a, b), Math.max(a, b), k)];
            java.util.Arrays.fill(row, 0.2 / EDGE_TYPES);
            row[g.edgeTypes()[e]] = 0.8;
        }
        return new double[][][] {nodes, pairs};
    }

    @Test
    void recoversWhereTheDecoderPutEachNode() {
        SmallGraph g = asymmetric();
        Rng rng = Rng.seeded(1);
        for (int trial = 0; trial < 20; trial++) {
            int[] slotOf = java.util.Arrays.copyOf(rng.permutation(7), 5); // 5 nodes in 7 slots
            double[][][] out = confidentOutput(g, slotOf, 7);
            assertArrayEquals(slotOf, GraphMatching.match(g, out[0], out[1], 75));
        }
    }

    @Test
    void permutingTheTargetPermutesTheMatchAlike() {
        SmallGraph g = asymmetric();
        Rng rng = Rng.seeded(2);
        double[][][] out = confidentOutput(g, new int[] {3, 0, 5, 1, 2}, 6);
        int[] slotOf = GraphMatching.match(g, out[0], out[1], 75);
        for (int trial = 0; trial < 10; trial++) {
            int[] order = rng.permutation(5);
            int[] permutedSlots = GraphMatching.match(g.permuted(order), out[0], out[1], 75);
            for (int i = 0; i < 5; i++) {
                // Node i of the permuted graph is node order[i] of g: it must land in the same slot.
                org.junit.jupiter.api.Assertions.assertEquals(slotOf[order[i]], permutedSlots[i]);
            }
        }
    }

    @Test
    void theHungarianStepMaximizesTheTotalAffinity() {
        // Greedy would give row 0 slot 0 (0.9) and row 1 slot 1 (0.1): 1.0. The optimum is 0.8 + 0.7 = 1.5.
        double[][] x = {{0.9, 0.8, 0.0}, {0.7, 0.1, 0.0}};
        assertArrayEquals(new int[] {1, 0}, GraphMatching.assignment(x));
    }

    @Test
    void aTargetLargerThanTheDecoderIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> GraphMatching.match(GraphFamilies.path(4),
                new double[3][2], new double[3][2], 10));
    }

    @Test
    void theHungarianStepFindsTheBruteForceOptimumOnRandomAffinities() {
        Rng rng = Rng.seeded(3);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + trial % 4;
            int k = n + trial % 3;
            double[][] x = new double[n][k];
            for (double[] row : x) {
                for (int a = 0; a < k; a++) {
                    row[a] = rng.nextDouble();
                }
            }
            int[] slots = GraphMatching.assignment(x);
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += x[i][slots[i]];
            }
            double best = bestOver(n, k, s -> {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += x[i][s[i]];
                }
                return sum;
            });
            assertEquals(best, total, 1e-12, "trial " + trial);
        }
    }

    @Test
    void onASymmetricGraphOnlyRefinementFindsTheDecodersReading() {
        // A decoder that draws a 6-cycle in 7 slots, matched against the same cycle shuffled: max-pooling
        // cannot tell the cycle's nodes apart, so the Hungarian step breaks ties blindly.
        SmallGraph cycle = GraphFamilies.cycle(6);
        Rng rng = Rng.seeded(4);
        int paperOptimal = 0;
        for (int trial = 0; trial < 20; trial++) {
            double[][][] out = confidentOutput(cycle, java.util.Arrays.copyOf(rng.permutation(7), 6), 7);
            SmallGraph target = cycle.permuted(rng.permutation(6));
            double best = bestOver(6, 7, s -> GraphMatching.logLikelihood(target, s, out[0], out[1]));
            double paper = GraphMatching.logLikelihood(target, GraphMatching.match(target, out[0], out[1], 75), out[0], out[1]);
            double refined = GraphMatching.logLikelihood(target, GraphMatching.match(target, out[0], out[1], 75, true),
                    out[0], out[1]);
            assertEquals(best, refined, 1e-9, "trial " + trial);
            paperOptimal += paper > best - 1e-9 ? 1 : 0;
        }
        org.junit.jupiter.api.Assertions.assertTrue(paperOptimal < 10, paperOptimal + " of 20 optimal without refinement");
    }

    @Test
    void refinementNeverLowersTheLikelihoodAndStaysOneToOne() {
        Rng rng = Rng.seeded(5);
        for (int trial = 0; trial < 30; trial++) {
            SmallGraph g = GraphFamilies.Family.TREE.sample(5, rng);
            double[][] nodes = randomRows(6, 2, rng);
            double[][] pairs = randomRows(DenseGraphs.pairs(6), 2, rng);
            int[] start = java.util.Arrays.copyOf(rng.permutation(6), g.nodes());
            int[] refined = GraphMatching.refine(g, start, nodes, pairs);
            org.junit.jupiter.api.Assertions.assertTrue(GraphMatching.logLikelihood(g, refined, nodes, pairs)
                    >= GraphMatching.logLikelihood(g, start, nodes, pairs));
            assertEquals(g.nodes(), java.util.Arrays.stream(refined).distinct().count());
        }
    }

    @Test
    void theLikelihoodOfAnAssignmentIsWorkedByHand() {
        // One node of type 0 in slot 1 of 2; no edges. Slot 0 empty (p 0.5), slot 1 type 0 (p 0.25), pair "no edge" (p 0.9).
        SmallGraph g = SmallGraph.untyped(1, new int[0][]);
        double[][] nodes = {{0.5, 0.5}, {0.25, 0.75}};
        double[][] pairs = {{0.1, 0.9}};
        assertEquals(Math.log(0.5) + Math.log(0.25) + Math.log(0.9), GraphMatching.logLikelihood(g, new int[] {1}, nodes, pairs), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> GraphMatching.logLikelihood(g, new int[] {2}, nodes, pairs));
    }

    private static double[][] randomRows(int rows, int classes, Rng rng) {
        double[][] p = new double[rows][classes];
        for (double[] row : p) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                row[c] = 0.05 + rng.nextDouble();
                sum += row[c];
            }
            for (int c = 0; c < classes; c++) {
                row[c] /= sum;
            }
        }
        return p;
    }

    /** The maximum of {@code score} over every one-to-one map of n nodes into k slots. */
    private static double bestOver(int n, int k, java.util.function.ToDoubleFunction<int[]> score) {
        return bestOver(new int[n], 0, new boolean[k], score);
    }

    private static double bestOver(int[] slots, int i, boolean[] used, java.util.function.ToDoubleFunction<int[]> score) {
        if (i == slots.length) {
            return score.applyAsDouble(slots);
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < used.length; a++) {
            if (!used[a]) {
                used[a] = true;
                slots[i] = a;
                best = Math.max(best, bestOver(slots, i + 1, used, score));
                used[a] = false;
            }
        }
        return best;
    }
}
