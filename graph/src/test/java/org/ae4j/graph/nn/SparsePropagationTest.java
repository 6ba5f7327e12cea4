package org.ae4j.graph.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ae4j.core.random.Rng;
import org.ae4j.graph.data.Adjacency;
import org.ae4j.graph.data.Graph;
import org.ae4j.graph.data.SparseAdjacency;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The sparse Â and its propagation: values by hand, against the dense Â, and the gradient SameDiff's gather gets wrong. */
class SparsePropagationTest {

    @Test
    void aStarsNormalizedAdjacencyByHand() {
        // centre 0 joined to 1 and 2: degrees with self-loops 3, 2, 2
        SparseAdjacency a = SparseAdjacency.normalized(3, new int[][] {{0, 1}, {0, 2}});
        assertArrayEquals(new int[] {0, 3, 5, 7}, a.rowStart());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 0, 2}, a.columns());
        double third = 1.0 / 3;
        double cross = 1 / Math.sqrt(6);
        assertArrayEquals(new double[] {third, cross, cross, cross, 0.5, cross, 0.5}, a.values(), 1e-15);
        assertTrue(a.degreeSorted());
        assertEquals(7, a.nonZeros());
        INDArray dense = Adjacency.symmetricNormalize(Nd4j.createFromArray(new double[][] {{0, 1, 1}, {1, 0, 0},
                {1, 0, 0}}));
        assertEquals(0, dense.sub(a.dense(DataType.DOUBLE)).amaxNumber().doubleValue(), 1e-15);
    }

    @Test
    void propagatesAsTheDenseProductWithItsGradient() {
        Rng rng = Rng.seeded(3);
        SparseAdjacency unsorted = SparseAdjacency.normalized(60, preferentialAttachment(60, 2, rng));
        assertFalse(unsorted.degreeSorted(), "the hubs come first only after relabelling");
        Graph graph = new Graph(60, preferentialAttachment(60, 2, Rng.seeded(3)), Nd4j.zeros(DataType.DOUBLE, 60, 1),
                null);
        SparseAdjacency a = SparseAdjacency.of(graph.relabel(unsorted.degreeOrder()));
        assertTrue(a.degreeSorted());
        assertTrue(a.degree(0) > 8, "a hub: buckets of several sizes");
        INDArray m = Nd4j.rand(DataType.DOUBLE, 60, 5).subi(0.5);
        INDArray w = Nd4j.rand(DataType.DOUBLE, 60, 5).subi(0.5);
        INDArray dense = a.dense(DataType.DOUBLE);

        SameDiff sd = SameDiff.create();
        SDVariable mv = sd.var("m", m.dup());
        SDVariable y = SparsePropagation.apply(sd, "propagation", a, mv, 5);
        y.mul(sd.constant("w", w)).sum().markAsLoss();
        INDArray got = sd.output(Map.of(), y.name()).get(y.name());
        assertEquals(0, got.sub(dense.mmul(m)).amaxNumber().doubleValue(), 1e-12);
        // d/dM Σ (Â M) ⊙ W = Âᵀ W = Â W
        INDArray gradient = sd.calculateGradients(Map.of(), "m").get("m");
        assertEquals(0, gradient.sub(dense.mmul(w)).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void refusesNodesOutOfDegreeOrder() {
        SparseAdjacency path = SparseAdjacency.normalized(3, new int[][] {{0, 1}, {1, 2}}); // degrees 2, 3, 2
        SameDiff sd = SameDiff.create();
        assertEquals("sparse propagation needs the nodes in non-increasing degree: relabel the graph by "
                        + "SparseAdjacency.degreeOrder() first",
                assertThrows(IllegalArgumentException.class, () -> SparsePropagation.apply(sd, "p", path,
                        sd.var("m", Nd4j.ones(DataType.DOUBLE, 3, 2)), 2)).getMessage());
        assertArrayEquals(new int[] {1, 0, 2}, path.degreeOrder());
        assertEquals("edge {0, 1} is listed twice", assertThrows(IllegalArgumentException.class,
                () -> SparseAdjacency.normalized(3, new int[][] {{0, 1}, {1, 0}})).getMessage());
    }

    /** A Barabási–Albert graph: each new node joins {@code links} distinct earlier ones, by degree. */
    private static int[][] preferentialAttachment(int nodes, int links, Rng rng) {
        List<int[]> edges = new ArrayList<>();
        List<Integer> ends = new ArrayList<>(List.of(0, 1));
        edges.add(new int[] {0, 1});
        for (int v = 2; v < nodes; v++) {
            Set<Integer> chosen = new HashSet<>();
            while (chosen.size() < Math.min(links, v)) {
                chosen.add(ends.get(rng.nextInt(ends.size())));
            }
            for (int u : chosen) {
                edges.add(new int[] {u, v});
                ends.add(u);
                ends.add(v);
            }
        }
        return edges.toArray(int[][]::new);
    }
}
