package org.ae4j.graph.data;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.ae4j.core.random.Rng;

/**
 * The link-prediction split of GAE/VGAE (Kipf &amp; Welling 2016, following their reference code): the
 * undirected edges are shuffled and split into training, validation and test edges; validation and test
 * each get as many sampled non-edges. Only training edges may reach the encoder's graph.
 *
 * <p>Non-edges are drawn uniformly among pairs {a, b}, a ≠ b, that are not edges of the full graph; they
 * never repeat, and validation and test non-edges are disjoint.
 *
 * @param train         the edges the model may see, {a, b} with a < b
 * @param validEdges    held-out edges for model selection
 * @param validNonEdges as many non-edges
 * @param testEdges     held-out edges for the final score
 * @param testNonEdges  as many non-edges
 */
public record EdgeSplit(int[][] train, int[][] validEdges, int[][] validNonEdges, int[][] testEdges,
                        int[][] testNonEdges) {

    /**
     * @param validFraction e.g. 0.05; @param testFraction e.g. 0.10 (each rounded down, as in the reference)
     */
    public static EdgeSplit of(Graph graph, double validFraction, double testFraction, Rng rng) {
        if (!(validFraction >= 0) || !(testFraction >= 0) || !(validFraction + testFraction < 1)) {
            throw new IllegalArgumentException("need fractions >= 0 with a sum below 1, got " + validFraction
                    + " and " + testFraction);
        }
        int[][] edges = graph.edges();
        int m = edges.length;
        int nValid = (int) Math.floor(m * validFraction);
        int nTest = (int) Math.floor(m * testFraction);
        long pairs = (long) graph.nodes() * (graph.nodes() - 1) / 2;
        if (pairs - m < nValid + nTest) {
            throw new IllegalArgumentException("the graph has too few non-edges (" + (pairs - m) + ") for "
                    + (nValid + nTest) + " negatives");
        }
        int[] order = rng.permutation(m);
        int[][] test = new int[nTest][];
        int[][] valid = new int[nValid][];
        int[][] train = new int[m - nValid - nTest][];
        for (int i = 0; i < m; i++) {
            int[] e = edges[order[i]].clone();
            if (i < nTest) {
                test[i] = e;
            } else if (i < nTest + nValid) {
                valid[i - nTest] = e;
            } else {
                train[i - nTest - nValid] = e;
            }
        }
        Set<Long> taken = new HashSet<>();
        for (int[] e : edges) {
            taken.add(Graph.key(e[0], e[1], graph.nodes()));
        }
        int[][] testNon = nonEdges(graph.nodes(), nTest, taken, rng);
        int[][] validNon = nonEdges(graph.nodes(), nValid, taken, rng);
        return new EdgeSplit(train, valid, validNon, test, testNon);
    }

    /** {@code count} distinct pairs a < b with a ≠ b not in {@code taken}; each drawn pair is added to it. */
    private static int[][] nonEdges(int nodes, int count, Set<Long> taken, Rng rng) {
        int[][] out = new int[count][];
        int found = 0;
        while (found < count) {
            int a = rng.nextInt(nodes);
            int b = rng.nextInt(nodes);
            if (a == b || !taken.add(Graph.key(a, b, nodes))) {
                continue;
            }
            out[found++] = new int[] {Math.min(a, b), Math.max(a, b)};
        }
        return out;
    }

    @Override
    public String toString() {
        return "EdgeSplit[train=" + train.length + ", valid=" + validEdges.length + "+" + validNonEdges.length
                + ", test=" + testEdges.length + "+" + testNonEdges.length + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EdgeSplit s && Arrays.deepEquals(train, s.train) && Arrays.deepEquals(validEdges, s.validEdges)
                && Arrays.deepEquals(validNonEdges, s.validNonEdges) && Arrays.deepEquals(testEdges, s.testEdges)
                && Arrays.deepEquals(testNonEdges, s.testNonEdges);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {train, validEdges, validNonEdges, testEdges, testNonEdges});
    }
}
