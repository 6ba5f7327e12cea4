package org.ae4j.graph;

import java.util.LinkedHashSet;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.MatchingAlgorithm;
import org.jgrapht.alg.matching.KuhnMunkresMinimalWeightBipartitePerfectMatching;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * Aligns a target graph of n nodes with a decoder's k ≥ n probabilistic slots, as GraphVAE does
 * (Simonovsky &amp; Komodakis 2018, Sec. 3.3): max-pooling matching (Cho et al. 2014) computes a soft
 * correspondence X [n, k] from node and edge affinities, and the Hungarian algorithm (JGraphT's
 * Kuhn-Munkres) rounds it to a one-to-one assignment of nodes to slots.
 *
 * <p>Affinities: between node i and slot a, {@code S(i,a) = p_a(type of i)}, the probability that slot a
 * holds i's type; between edge (i, j) and slot pair (a, b), {@code S(ij, ab) = p_ab(type of ij)}, the
 * probability that the pair holds an edge of that type; non-edges of the target add nothing. Each
 * iteration sets {@code X_ia ← X_ia S(i,a) + Σ_{j ∈ N(i)} max_b X_jb S(ij, ab)} and rescales X to unit norm.
 */
public final class GraphMatching {
    private GraphMatching() {
    }

    /**
     * @param nodeProbabilities [k][Tn + 1]: per slot, the probability of each node type and (last) of "empty"
     * @param edgeProbabilities [k(k−1)/2][Te + 1]: per slot pair ({@link DenseGraphs#pairIndex}), each edge
     *                          type's probability and (last) "no edge"
     * @param iterations        max-pooling iterations (GraphVAE uses 75)
     * @return the slot of each target node, distinct
     */
    public static int[] match(SmallGraph target, double[][] nodeProbabilities, double[][] edgeProbabilities,
                              int iterations) {
        int n = target.nodes();
        int k = nodeProbabilities.length;
        if (n > k) {
            throw new IllegalArgumentException("the target has " + n + " nodes but the decoder only " + k + " slots");
        }
        if (edgeProbabilities.length != DenseGraphs.pairs(k)) {
            throw new IllegalArgumentException(k + " slots need " + DenseGraphs.pairs(k) + " pair rows, got "
                    + edgeProbabilities.length);
        }
        double[][] x = soft(target, nodeProbabilities, edgeProbabilities, iterations);
        return assignment(x);
    }

    /** The soft correspondence X [n][k] after {@code iterations} rounds of max-pooling matching. */
    static double[][] soft(SmallGraph target, double[][] nodeProbabilities, double[][] edgeProbabilities,
                           int iterations) {
        int n = target.nodes();
        int k = nodeProbabilities.length;
        int[][] neighbours = target.neighbours();
        double[][] nodeAffinity = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) {
                nodeAffinity[i][a] = nodeProbabilities[a][target.nodeTypes()[i]];
            }
        }
        double[][] x = new double[n][k];
        for (double[] row : x) {
            java.util.Arrays.fill(row, 1.0 / Math.sqrt((double) n * k));
        }
        for (int it = 0; it < iterations; it++) {
            double[][] next = new double[n][k];
            double norm = 0;
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < k; a++) {
                    double v = x[i][a] * nodeAffinity[i][a];
                    for (int j : neighbours[i]) {
                        int type = target.edgeType(i, j);
                        double best = 0;
                        for (int b = 0; b < k; b++) {
                            if (b != a) {
                                double s = edgeProbabilities[DenseGraphs.pairIndex(Math.min(a, b), Math.max(a, b), k)][type];
                                best = Math.max(best, x[j][b] * s);
                            }
                        }
                        v += best;
                    }
                    next[i][a] = v;
                    norm += v * v;
                }
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                break; // no affinity at all: keep the uniform start
            }
            for (double[] row : next) {
                for (int a = 0; a < k; a++) {
                    row[a] /= norm;
                }
            }
            x = next;
        }
        return x;
    }

    /** The one-to-one node-to-slot assignment maximizing Σ X_i,slot(i) (rows padded with zero cost to k). */
    static int[] assignment(double[][] x) {
        int n = x.length;
        int k = x[0].length;
        Graph<Integer, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        Set<Integer> rows = new LinkedHashSet<>();
        Set<Integer> cols = new LinkedHashSet<>();
        for (int i = 0; i < k; i++) {
            g.addVertex(i);
            rows.add(i);
            g.addVertex(k + i);
            cols.add(k + i);
        }
        for (int i = 0; i < k; i++) {
            for (int a = 0; a < k; a++) {
                g.setEdgeWeight(g.addEdge(i, k + a), i < n ? -x[i][a] : 0); // minimal weight = maximal affinity
            }
        }
        MatchingAlgorithm.Matching<Integer, DefaultWeightedEdge> m =
                new KuhnMunkresMinimalWeightBipartitePerfectMatching<>(g, rows, cols).getMatching();
        int[] slot = new int[n];
        for (DefaultWeightedEdge e : m.getEdges()) {
            int s = g.getEdgeSource(e);
            int t = g.getEdgeTarget(e);
            int row = Math.min(s, t);
            if (row < n) {
                slot[row] = Math.max(s, t) - k;
            }
        }
        return slot;
    }
}
