package org.ae4j.graph.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.ae4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class EdgeSplitTest {

    /** A random graph of 300 nodes and 1,000 edges. */
    private static Graph randomGraph() {
        Rng rng = Rng.seeded(1);
        Set<Long> seen = new HashSet<>();
        int[][] edges = new int[1000][];
        int m = 0;
        while (m < edges.length) {
            int a = rng.nextInt(300);
            int b = rng.nextInt(300);
            if (a != b && seen.add(Graph.key(a, b, 300))) {
                edges[m++] = new int[] {Math.min(a, b), Math.max(a, b)};
            }
        }
        return new Graph(300, edges, Nd4j.zeros(300, 1), null);
    }

    private static Set<Long> keys(int[][] pairs) {
        Set<Long> k = new HashSet<>();
        for (int[] p : pairs) {
            assertTrue(p[0] < p[1], "pair not ordered or a self pair");
            assertTrue(k.add(Graph.key(p[0], p[1], 300)), "a pair repeats");
        }
        return k;
    }

    @Test
    void splitsEightyFiveFiveTenWithDisjointPartsAndTrueNegatives() {
        Graph g = randomGraph();
        EdgeSplit s = EdgeSplit.of(g, 0.05, 0.10, Rng.seeded(7));
        assertEquals(850, s.train().length);
        assertEquals(50, s.validEdges().length);
        assertEquals(100, s.testEdges().length);
        assertEquals(50, s.validNonEdges().length);
        assertEquals(100, s.testNonEdges().length);
        Set<Long> all = keys(g.edges());
        Set<Long> union = new HashSet<>(keys(s.train()));
        union.addAll(keys(s.validEdges()));
        union.addAll(keys(s.testEdges()));
        assertEquals(all, union, "train, validation and test edges must partition the edges");
        Set<Long> negatives = new HashSet<>(keys(s.validNonEdges()));
        Set<Long> testNegatives = keys(s.testNonEdges());
        for (long n : testNegatives) {
            assertTrue(negatives.add(n), "validation and test non-edges overlap");
        }
        for (long n : negatives) {
            assertTrue(!all.contains(n), "a sampled non-edge is an edge");
        }
        Set<Long> heldOut = new HashSet<>(keys(s.validEdges()));
        heldOut.addAll(keys(s.testEdges()));
        for (long t : keys(s.train())) {
            assertTrue(!heldOut.contains(t), "a held-out edge reached the training graph");
        }
    }

    @Test
    void theSameSeedGivesTheSameSplit() {
        Graph g = randomGraph();
        assertEquals(EdgeSplit.of(g, 0.05, 0.10, Rng.seeded(3)), EdgeSplit.of(g, 0.05, 0.10, Rng.seeded(3)));
        assertNotEquals(EdgeSplit.of(g, 0.05, 0.10, Rng.seeded(3)), EdgeSplit.of(g, 0.05, 0.10, Rng.seeded(4)));
        assertThrows(IllegalArgumentException.class, () -> EdgeSplit.of(g, 0.5, 0.5, Rng.seeded(1)));
    }
}
