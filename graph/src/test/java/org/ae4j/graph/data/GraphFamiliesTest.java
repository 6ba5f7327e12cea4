package org.ae4j.graph.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ae4j.core.random.Rng;
import org.ae4j.graph.data.GraphFamilies.Family;
import org.junit.jupiter.api.Test;

class GraphFamiliesTest {

    @Test
    void theDeterministicFamiliesHaveTheirTextbookCounts() {
        SmallGraph c = GraphFamilies.cycle(6);
        assertEquals(6, c.edges().length);
        assertTrue(Arrays.stream(c.degrees()).allMatch(d -> d == 2));
        SmallGraph p = GraphFamilies.path(5);
        assertEquals(4, p.edges().length);
        assertArrayEquals(new int[] {1, 2, 2, 2, 1}, p.degrees());
        SmallGraph ladder = GraphFamilies.ladder(4);
        assertEquals(8, ladder.nodes());
        assertEquals(3 * 4 - 2, ladder.edges().length);
        SmallGraph grid = GraphFamilies.grid(3, 4);
        assertEquals(3 * 3 + 4 * 2, grid.edges().length);
        assertEquals(4, Arrays.stream(grid.degrees()).max().getAsInt());
        for (SmallGraph g : new SmallGraph[] {c, p, ladder, grid}) {
            assertTrue(g.isConnected());
        }
    }

    @Test
    void randomMembersAreSeededConnectedAndFit() {
        for (Family family : Family.values()) {
            Rng a = Rng.seeded(3);
            Rng b = Rng.seeded(3);
            for (int i = 0; i < 50; i++) {
                SmallGraph g = family.sample(9, a);
                assertEquals(g, family.sample(9, b), family + " is not reproducible");
                assertTrue(g.nodes() >= 4 && g.nodes() <= 9, family + " gave " + g.nodes() + " nodes");
                assertTrue(g.isConnected(), family + " gave a disconnected graph " + g);
                if (family == Family.TREE) {
                    assertEquals(g.nodes() - 1, g.edges().length);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Family.GRID.sample(3, Rng.seeded(1)));
    }

    @Test
    void permutingRelabelsNodesAndKeepsTheGraph() {
        SmallGraph g = new SmallGraph(new int[] {0, 1, 2}, new int[][] {{0, 1}, {1, 2}}, new int[] {5, 6});
        SmallGraph p = g.permuted(new int[] {2, 0, 1}); // new node 0 is old node 2, ...
        assertArrayEquals(new int[] {2, 0, 1}, p.nodeTypes());
        assertEquals(6, p.edgeType(0, 2)); // old 2-1
        assertEquals(5, p.edgeType(1, 2)); // old 0-1
        assertEquals(-1, p.edgeType(0, 1));
        assertNotEquals(g, p);
        assertEquals(g, p.permuted(new int[] {1, 2, 0}));
        assertThrows(IllegalArgumentException.class, () -> g.permuted(new int[] {0, 0, 1}));
        assertFalse(SmallGraph.untyped(3, new int[][] {{0, 1}}).isConnected());
    }

    @Test
    void malformedGraphsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SmallGraph(new int[0], new int[0][], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> new SmallGraph(new int[2], new int[][] {{1, 0}}, new int[1]));
        assertThrows(IllegalArgumentException.class, () -> new SmallGraph(new int[2], new int[][] {{0, 1}, {0, 1}},
                new int[2]));
        assertThrows(IllegalArgumentException.class, () -> new SmallGraph(new int[2], new int[][] {{0, 1}}, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> new SmallGraph(new int[] {-1}, new int[0][], new int[0]));
    }

    @Test
    void membershipAcceptsEveryMemberAndRejectsTheOtherFamilies() {
        Rng rng = Rng.seeded(6);
        for (Family family : Family.values()) {
            for (int i = 0; i < 30; i++) {
                SmallGraph g = family.sample(9, rng);
                assertTrue(family.contains(g.permuted(rng.permutation(g.nodes())), 9), family + " " + g);
            }
        }
        assertFalse(Family.CYCLE.contains(GraphFamilies.path(6), 9));
        assertFalse(Family.PATH.contains(GraphFamilies.cycle(6), 9));
        assertTrue(Family.GRID.contains(GraphFamilies.cycle(4), 9)); // C4 is the 2x2 grid
        assertFalse(Family.GRID.contains(GraphFamilies.cycle(6), 9));
        assertFalse(Family.LADDER.contains(GraphFamilies.cycle(6), 9));
        assertFalse(Family.TREE.contains(GraphFamilies.cycle(5), 9));
        assertFalse(Family.CYCLE.contains(GraphFamilies.cycle(10), 9));
    }
}
