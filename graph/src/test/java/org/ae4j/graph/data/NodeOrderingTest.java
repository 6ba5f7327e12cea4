package org.ae4j.graph.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.ae4j.core.random.Rng;
import org.junit.jupiter.api.Test;

class NodeOrderingTest {

    private static boolean adjacentToAnEarlierNode(SmallGraph g, int[] order, int position) {
        for (int i = 0; i < position; i++) {
            if (g.edgeType(order[i], order[position]) >= 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyOrderingIsAPermutationAndKeepsItsDefiningProperty() {
        Rng rng = Rng.seeded(1);
        for (int trial = 0; trial < 200; trial++) {
            SmallGraph g = GraphFamilies.Family.values()[trial % 6].sample(9, rng);
            for (NodeOrdering ordering : NodeOrdering.values()) {
                int[] order = ordering.draw(g, rng);
                int[] sorted = order.clone();
                Arrays.sort(sorted);
                assertArrayEquals(java.util.stream.IntStream.range(0, g.nodes()).toArray(), sorted, ordering.name());
                if (ordering == NodeOrdering.BFS || ordering == NodeOrdering.DFS) {
                    for (int p = 1; p < order.length; p++) { // the families are connected
                        assertTrue(adjacentToAnEarlierNode(g, order, p), ordering + " " + g + " " + Arrays.toString(order));
                    }
                }
                if (ordering == NodeOrdering.DEGREE) {
                    int[] degree = g.degrees();
                    for (int p = 1; p < order.length; p++) {
                        assertTrue(degree[order[p - 1]] >= degree[order[p]]);
                    }
                }
            }
        }
    }

    @Test
    void breadthFirstVisitsByDistanceFromTheStart() {
        SmallGraph path = GraphFamilies.path(7);
        Rng rng = Rng.seeded(2);
        for (int trial = 0; trial < 50; trial++) {
            int[] order = NodeOrdering.BFS.draw(path, rng);
            for (int p = 1; p < order.length; p++) {
                assertTrue(Math.abs(order[p] - order[0]) >= Math.abs(order[p - 1] - order[0]), Arrays.toString(order));
            }
        }
    }

    @Test
    void domainOrderingsDrawFromFarFewerPermutationsThanUniform() {
        // A 6-cycle has 720 labellings; BFS and DFS can produce only 6 starts × 2 directions = 12.
        SmallGraph cycle = GraphFamilies.cycle(6);
        Rng rng = Rng.seeded(3);
        Set<String> uniform = new HashSet<>();
        Set<String> bfs = new HashSet<>();
        Set<String> dfs = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            uniform.add(Arrays.toString(NodeOrdering.UNIFORM.draw(cycle, rng)));
            bfs.add(Arrays.toString(NodeOrdering.BFS.draw(cycle, rng)));
            dfs.add(Arrays.toString(NodeOrdering.DFS.draw(cycle, rng)));
        }
        assertTrue(uniform.size() > 600, "uniform drew " + uniform.size());
        assertEquals(12, bfs.size());
        assertEquals(12, dfs.size());
    }

    @Test
    void theCanonicalOrderingGivesIsomorphicGraphsOneAdjacency() {
        Rng rng = Rng.seeded(4);
        for (int trial = 0; trial < 50; trial++) {
            SmallGraph g = GraphFamilies.Family.values()[trial % 6].sample(9, rng);
            SmallGraph canonical = g.permuted(NodeOrdering.CANONICAL.draw(g, rng));
            SmallGraph shuffled = g.permuted(rng.permutation(g.nodes()));
            assertEquals(canonical, shuffled.permuted(NodeOrdering.CANONICAL.draw(shuffled, rng)), g.toString());
        }
        // Types count: a typed path a-b-a is not the path b-a-a.
        SmallGraph aba = new SmallGraph(new int[] {0, 1, 0}, new int[][] {{0, 1}, {1, 2}}, new int[] {0, 1});
        SmallGraph reversed = aba.permuted(new int[] {2, 1, 0});
        assertEquals(aba.permuted(NodeOrdering.CANONICAL.draw(aba, rng)),
                reversed.permuted(NodeOrdering.CANONICAL.draw(reversed, rng)));
    }
}
