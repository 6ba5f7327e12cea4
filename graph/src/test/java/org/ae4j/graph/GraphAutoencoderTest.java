package org.ae4j.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.data.Rng;
import org.ae4j.core.train.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GraphAutoencoderTest {

    /** A 6-node graph (a 4-cycle with a pendant path) with random binary features. */
    private static Graph tiny() {
        int[][] edges = {{0, 1}, {1, 2}, {2, 3}, {0, 3}, {3, 4}, {4, 5}};
        Rng rng = Rng.seeded(2);
        double[][] x = new double[6][5];
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = rng.nextDouble() < 0.4 ? 1 : 0;
            }
        }
        return new Graph(6, edges, Nd4j.create(x), null);
    }

    /** Node i of the result is node perm[i] of g: features permuted by rows, edges relabelled. */
    private static Graph permuted(Graph g, int[] perm) {
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inverse[perm[i]] = i;
        }
        int[][] edges = new int[g.edges().length][];
        for (int e = 0; e < edges.length; e++) {
            int a = inverse[g.edges()[e][0]];
            int b = inverse[g.edges()[e][1]];
            edges[e] = new int[] {Math.min(a, b), Math.max(a, b)};
        }
        return new Graph(g.nodes(), edges, g.features().getRows(perm), null);
    }

    private static INDArray gaussian(long seed, int rows, int cols) {
        Rng rng = Rng.seeded(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }

    @Test
    void gaeAndVgaeLossGradientsMatchFiniteDifferences() {
        for (boolean variational : new boolean[] {false, true}) {
            GraphAutoencoder m = new GraphAutoencoder(new GraphAutoencoder.Spec(4, 3, variational), tiny(),
                    Rng.seeded(1), DataType.DOUBLE);
            Map<String, INDArray> feed = new HashMap<>(m.inputs());
            if (variational) {
                feed.put(GraphAutoencoder.EPSILON, gaussian(3, 6, 3));
            }
            assertTrue(GradientCheck.passes(m.sameDiff(), feed), variational ? "VGAE" : "GAE");
        }
    }

    @Test
    void theEncoderIsPermutationEquivariantAndTheLossInvariant() {
        Graph g = tiny();
        int[] perm = Rng.seeded(9).permutation(6);
        GraphAutoencoder a = new GraphAutoencoder(new GraphAutoencoder.Spec(4, 3, true), g, Rng.seeded(1), DataType.DOUBLE);
        GraphAutoencoder b = new GraphAutoencoder(new GraphAutoencoder.Spec(4, 3, true), permuted(g, perm), Rng.seeded(1),
                DataType.DOUBLE);
        // enc(PX, PAPᵀ) = P enc(X, A)
        assertTrue(b.embed().equalsWithEps(a.embed().getRows(perm), 1e-10));
        // p(PAPᵀ | PZ) = p(A | Z) and KL sums over nodes: the loss is invariant with ε permuted alike.
        INDArray eps = gaussian(4, 6, 3);
        Map<String, INDArray> fa = new HashMap<>(a.inputs());
        fa.put(GraphAutoencoder.EPSILON, eps);
        Map<String, INDArray> fb = new HashMap<>(b.inputs());
        fb.put(GraphAutoencoder.EPSILON, eps.getRows(perm));
        String loss = a.loss().total().name();
        assertEquals(a.sameDiff().output(fa, loss).get(loss).getDouble(0),
                b.sameDiff().output(fb, loss).get(loss).getDouble(0), 1e-10);
    }

    @Test
    void innerProductProbabilitiesByHand() {
        INDArray z = Nd4j.create(new double[][] {{1, 0}, {2, 1}, {0, -1}});
        double[] p = GraphAutoencoder.edgeProbabilities(z, new int[][] {{0, 1}, {1, 2}, {0, 2}});
        assertEquals(1 / (1 + Math.exp(-2)), p[0], 1e-12);
        assertEquals(1 / (1 + Math.exp(1)), p[1], 1e-12);
        assertEquals(0.5, p[2], 1e-12);
    }

    @Test
    void rocScoresByHand() {
        // Pairs (edge, non-edge) ranked right: (0.9 > 0.1), (0.9 > 0.85), (0.8 > 0.1); wrong: (0.8 < 0.85).
        assertEquals(0.75, LinkPrediction.of(new double[] {0.9, 0.8}, new double[] {0.1, 0.85}).auc(), 1e-12);
        assertEquals(1.0, LinkPrediction.of(new double[] {0.9, 0.8}, new double[] {0.1, 0.2}).auc(), 1e-12);
    }

    @Test
    void aGaeLearnsToPredictHeldOutLinksOfTwoCommunities() {
        // Two communities of 40 nodes: edges inside with probability 0.3, across with 0.02; features = community.
        Rng rng = Rng.seeded(5);
        List<int[]> edges = new ArrayList<>();
        for (int a = 0; a < 80; a++) {
            for (int b = a + 1; b < 80; b++) {
                if (rng.nextDouble() < ((a < 40) == (b < 40) ? 0.3 : 0.02)) {
                    edges.add(new int[] {a, b});
                }
            }
        }
        INDArray x = Nd4j.eye(80).castTo(DataType.FLOAT);
        Graph g = new Graph(80, edges.toArray(int[][]::new), x, null);
        EdgeSplit split = EdgeSplit.of(g, 0.05, 0.10, Rng.seeded(6));
        GraphAutoencoder m = new GraphAutoencoder(new GraphAutoencoder.Spec(16, 8, false), g.withEdges(split.train()),
                Rng.seeded(7), DataType.FLOAT);
        double[] trace = m.fit(100, 0.01, Rng.seeded(8));
        assertTrue(trace[99] < trace[0], "loss " + trace[0] + " -> " + trace[99]);
        INDArray z = m.embed();
        LinkPrediction test = LinkPrediction.of(GraphAutoencoder.edgeProbabilities(z, split.testEdges()),
                GraphAutoencoder.edgeProbabilities(z, split.testNonEdges()));
        assertTrue(test.auc() > 0.8, "test AUC " + test.auc());
    }
}
