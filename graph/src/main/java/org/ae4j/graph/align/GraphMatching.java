package org.ae4j.graph.align;

import java.util.LinkedHashSet;
import java.util.Set;
import org.ae4j.graph.data.DenseGraphs;
import org.ae4j.graph.data.SmallGraph;
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
 * <p>Affinities (the paper's Eq. 4): between node i and slot a, {@code S(i,a) = p_a(type of i)}, the
 * probability that slot a holds i's type; between edge (i, j) and slot pair (a, b),
 * {@code S(ij, ab) = p_ab(type of ij) · o_a · o_b}, the probability that the pair holds an edge of that type
 * times the probabilities o that both slots are occupied; non-edges of the target add nothing. Each
 * iteration sets {@code X_ia ← X_ia S(i,a) + Σ_{j ∈ N(i)} max_b X_jb S(ij, ab)} and rescales X to unit norm.
 *
 * <p>On graphs with automorphisms the soft correspondence cannot tell symmetric nodes apart: on a cycle
 * every row of X stays equal, and the Hungarian step then breaks the ties with no regard for edges (a
 * decoder that draws a 6-cycle matched a shuffled 6-cycle at −248 nats where the right slots give −2).
 * {@link #refine} fixes this beyond the paper: pairwise slot swaps that raise the exact log-likelihood of
 * the target under the decoder, until none does.
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
        return match(target, nodeProbabilities, edgeProbabilities, iterations, false);
    }

    /** As {@link #match(SmallGraph, double[][], double[][], int)}, then {@link #refine}d when asked. */
    public static int[] match(SmallGraph target, double[][] nodeProbabilities, double[][] edgeProbabilities,
                              int iterations, boolean refine) {
        int n = target.nodes();
        int k = nodeProbabilities.length;
        if (n > k) {
            throw new IllegalArgumentException("the target has " + n + " nodes but the decoder only " + k + " slots");
        }
        if (edgeProbabilities.length != DenseGraphs.pairs(k)) {
            throw new IllegalArgumentException(k + " slots need " + DenseGraphs.pairs(k) + " pair rows, got "
                    + edgeProbabilities.length);
        }
        int[] slots = assignment(soft(target, nodeProbabilities, edgeProbabilities, iterations));
        return refine ? refine(target, slots, nodeProbabilities, edgeProbabilities) : slots;
    }

    /**
     * Local search from {@code slots}: swaps the contents of two slots (a node and an empty slot, or two
     * nodes) whenever that raises {@link #logLikelihood}, until no swap does.
     *
     * @return a new assignment whose log-likelihood is at least that of {@code slots}
     */
    public static int[] refine(SmallGraph target, int[] slots, double[][] nodeProbabilities,
                               double[][] edgeProbabilities) {
        int k = nodeProbabilities.length;
        int[] occupant = occupants(slots, k);
        double[][] logNode = log(nodeProbabilities);
        double[][] logEdge = log(edgeProbabilities);
        boolean improved = true;
        while (improved) {
            improved = false;
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    if (occupant[a] < 0 && occupant[b] < 0) {
                        continue;
                    }
                    double before = touching(target, occupant, a, b, logNode, logEdge);
                    swap(occupant, a, b);
                    // A swap must win by more than rounding, or two equal readings could swap forever.
                    if (touching(target, occupant, a, b, logNode, logEdge) > before + 1e-12) {
                        improved = true;
                    } else {
                        swap(occupant, a, b);
                    }
                }
            }
        }
        int[] refined = new int[slots.length];
        for (int a = 0; a < k; a++) {
            if (occupant[a] >= 0) {
                refined[occupant[a]] = a;
            }
        }
        return refined;
    }

    /**
     * {@code log p(G | slots)}: Σ over slots of the log-probability of the occupant's type (or "empty") plus
     * Σ over slot pairs of the log-probability of the edge type between their occupants (or "no edge").
     */
    public static double logLikelihood(SmallGraph target, int[] slots, double[][] nodeProbabilities,
                                       double[][] edgeProbabilities) {
        int k = nodeProbabilities.length;
        int[] occupant = occupants(slots, k);
        double[][] logNode = log(nodeProbabilities);
        double[][] logEdge = log(edgeProbabilities);
        double sum = 0;
        for (int a = 0; a < k; a++) {
            sum += nodeTerm(target, occupant, a, logNode);
            for (int b = a + 1; b < k; b++) {
                sum += edgeTerm(target, occupant, a, b, logEdge);
            }
        }
        return sum;
    }

    /** The terms of {@link #logLikelihood} that involve slot a or slot b. */
    private static double touching(SmallGraph target, int[] occupant, int a, int b, double[][] logNode,
                                   double[][] logEdge) {
        double sum = nodeTerm(target, occupant, a, logNode) + nodeTerm(target, occupant, b, logNode);
        for (int c = 0; c < occupant.length; c++) {
            if (c != a) {
                sum += edgeTerm(target, occupant, Math.min(a, c), Math.max(a, c), logEdge);
            }
            if (c != a && c != b) {
                sum += edgeTerm(target, occupant, Math.min(b, c), Math.max(b, c), logEdge);
            }
        }
        return sum;
    }

    private static double nodeTerm(SmallGraph target, int[] occupant, int a, double[][] logNode) {
        int empty = logNode[a].length - 1;
        return logNode[a][occupant[a] < 0 ? empty : target.nodeTypes()[occupant[a]]];
    }

    /** The log-probability of pair a &lt; b's class given its occupants. */
    private static double edgeTerm(SmallGraph target, int[] occupant, int a, int b, double[][] logEdge) {
        double[] row = logEdge[DenseGraphs.pairIndex(a, b, occupant.length)];
        int type = occupant[a] < 0 || occupant[b] < 0 ? -1 : target.edgeType(occupant[a], occupant[b]);
        return row[type < 0 ? row.length - 1 : type];
    }

    /** The node in each of k slots, −1 for empty ones; rejects slots that are not distinct or out of range. */
    private static int[] occupants(int[] slots, int k) {
        int[] occupant = new int[k];
        java.util.Arrays.fill(occupant, -1);
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] < 0 || slots[i] >= k || occupant[slots[i]] >= 0) {
                throw new IllegalArgumentException("slots must be distinct and in 0.." + (k - 1) + ", got "
                        + java.util.Arrays.toString(slots));
            }
            occupant[slots[i]] = i;
        }
        return occupant;
    }

    private static void swap(int[] v, int a, int b) {
        int t = v[a];
        v[a] = v[b];
        v[b] = t;
    }

    private static double[][] log(double[][] p) {
        double[][] l = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            l[i] = new double[p[i].length];
            for (int c = 0; c < p[i].length; c++) {
                l[i][c] = Math.log(p[i][c]);
            }
        }
        return l;
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
        double[] occupied = new double[k];
        for (int a = 0; a < k; a++) {
            occupied[a] = 1 - nodeProbabilities[a][nodeProbabilities[a].length - 1];
        }
        // Edge affinities S[type][a][b] and the neighbours' edge types, once rather than in the k²-per-edge loop.
        int types = k > 1 ? edgeProbabilities[0].length : 0; // one slot has no pairs
        double[][][] pairAffinity = new double[types][k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                if (b != a) {
                    double[] p = edgeProbabilities[DenseGraphs.pairIndex(Math.min(a, b), Math.max(a, b), k)];
                    for (int t = 0; t < types; t++) {
                        pairAffinity[t][a][b] = p[t] * occupied[a] * occupied[b];
                    }
                }
            }
        }
        int[][] neighbourTypes = new int[n][];
        for (int i = 0; i < n; i++) {
            neighbourTypes[i] = new int[neighbours[i].length];
            for (int e = 0; e < neighbours[i].length; e++) {
                neighbourTypes[i][e] = target.edgeType(i, neighbours[i][e]);
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
                    for (int e = 0; e < neighbours[i].length; e++) {
                        double[] s = pairAffinity[neighbourTypes[i][e]][a];
                        double[] xj = x[neighbours[i][e]];
                        double best = 0;
                        for (int b = 0; b < k; b++) {
                            if (b != a) {
                                best = Math.max(best, xj[b] * s[b]);
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
