package org.ae4j.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ae4j.core.data.Rng;
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
}
