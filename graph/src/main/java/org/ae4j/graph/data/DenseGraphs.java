package org.ae4j.graph.data;

import java.util.List;
import org.ae4j.core.data.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch of B small graphs of at most k nodes as dense arrays, each node in a slot (by default node i in
 * slot i, the remaining slots empty).
 *
 * <ul>
 * <li>{@code nodeTargets} [B, k·(Tn + 1)]: per slot a one-hot over the Tn node types plus "empty".</li>
 * <li>{@code edgeTargets} [B, k(k−1)/2 · (Te + 1)]: per slot pair i &lt; j (row-major) a one-hot over the
 * Te edge types plus "no edge".</li>
 * <li>{@code features} [G·k, Tn]: one-hot node types for the encoder, zero rows for empty slots.</li>
 * <li>{@code relations} Te arrays [G·k, G·k]: block-diagonal adjacency of each edge type, each row
 * divided by the node's degree (over all types) plus one, the encoder's propagation.</li>
 * <li>{@code membership} [B, G·k]: 1 where a slot belongs to the row's graph; sums node states per row.</li>
 * </ul>
 * When each graph comes in C consecutive rows (orderings of one graph, B = G·C), the permutation-invariant
 * encoder needs it once: its arrays hold the G graphs of rows 0, C, 2C, ... and membership repeats them.
 */
public record DenseGraphs(INDArray nodeTargets, INDArray edgeTargets, INDArray features, List<INDArray> relations,
                          INDArray membership) {

    /** Slot pairs i &lt; j of k slots. */
    public static int pairs(int k) {
        return k * (k - 1) / 2;
    }

    /** The index of slot pair (i, j), i &lt; j, in row-major order of the upper triangle. */
    public static int pairIndex(int i, int j, int k) {
        return i * k - i * (i + 1) / 2 + (j - i - 1);
    }

    /** Each graph's nodes in slots 0..n−1. */
    public static DenseGraphs of(List<SmallGraph> graphs, int k, int nodeTypes, int edgeTypes, DataType type) {
        return of(graphs, null, 1, k, nodeTypes, edgeTypes, type);
    }

    /**
     * @param slots per graph, the slot of each node (distinct, in 0..k−1), e.g. from
     *              {@link org.ae4j.graph.align.GraphMatching}; null for slots 0..n−1
     * @param copies C, the consecutive rows that hold one graph (its orderings); the encoder arrays take the
     *               first of each
     */
    public static DenseGraphs of(List<SmallGraph> graphs, List<int[]> slots, int copies, int k, int nodeTypes,
                                 int edgeTypes, DataType type) {
        int b = graphs.size();
        if (slots != null && slots.size() != b) {
            throw new IllegalArgumentException(b + " graphs but " + slots.size() + " slot assignments");
        }
        if (copies < 1 || b % copies != 0) {
            throw new IllegalArgumentException(b + " rows are not groups of " + copies);
        }
        int encoded = b / copies;
        int p = pairs(k);
        double[] nodes = new double[b * k * (nodeTypes + 1)];
        double[] edges = new double[b * p * (edgeTypes + 1)];
        int width = encoded * k;
        double[] features = new double[width * nodeTypes];
        double[][] relations = new double[edgeTypes][width * width];
        double[] membership = new double[b * width];
        for (int g = 0; g < b; g++) {
            SmallGraph graph = graphs.get(g);
            int n = graph.nodes();
            if (n > k) {
                throw new IllegalArgumentException("graph " + g + " has " + n + " nodes, more than k = " + k);
            }
            int[] slot = slots == null ? java.util.stream.IntStream.range(0, n).toArray() : slots.get(g);
            if (slot.length != n || java.util.Arrays.stream(slot).distinct().count() != n
                    || java.util.Arrays.stream(slot).anyMatch(a -> a < 0 || a >= k)) {
                throw new IllegalArgumentException("graph " + g + ": slots " + java.util.Arrays.toString(slot)
                        + " are not " + n + " distinct slots in 0.." + (k - 1));
            }
            for (int a = 0; a < k; a++) {
                nodes[(g * k + a) * (nodeTypes + 1) + nodeTypes] = 1; // empty unless a node is placed below
            }
            for (int i = 0; i < n; i++) {
                int t = graph.nodeTypes()[i];
                if (t >= nodeTypes) {
                    throw new IllegalArgumentException("graph " + g + " node " + i + " has type " + t + ", not in 0.."
                            + (nodeTypes - 1));
                }
                int a = g * k + slot[i];
                nodes[a * (nodeTypes + 1) + nodeTypes] = 0;
                nodes[a * (nodeTypes + 1) + t] = 1;
            }
            boolean encodes = g % copies == 0;
            int base = (g / copies) * k;
            for (int i = 0; i < n; i++) {
                int first = slots == null ? i : slots.get(g - g % copies)[i];
                if (encodes) {
                    features[(base + slot[i]) * nodeTypes + graph.nodeTypes()[i]] = 1;
                }
                membership[g * width + base + first] = 1;
            }
            for (int q = 0; q < p; q++) {
                edges[(g * p + q) * (edgeTypes + 1) + edgeTypes] = 1; // "no edge" unless set below
            }
            int[] degree = graph.degrees();
            for (int e = 0; e < graph.edges().length; e++) {
                int i = graph.edges()[e][0];
                int j = graph.edges()[e][1];
                int t = graph.edgeTypes()[e];
                if (t >= edgeTypes) {
                    throw new IllegalArgumentException("graph " + g + " edge " + i + "-" + j + " has type " + t
                            + ", not in 0.." + (edgeTypes - 1));
                }
                int si = slot[i];
                int sj = slot[j];
                int q = g * p + pairIndex(Math.min(si, sj), Math.max(si, sj), k);
                edges[q * (edgeTypes + 1) + edgeTypes] = 0;
                edges[q * (edgeTypes + 1) + t] = 1;
                if (encodes) {
                    int a = base + si;
                    int c = base + sj;
                    relations[t][a * width + c] = 1.0 / (degree[i] + 1);
                    relations[t][c * width + a] = 1.0 / (degree[j] + 1);
                }
            }
        }
        List<INDArray> rel = new java.util.ArrayList<>();
        for (double[] r : relations) {
            rel.add(HostArrays.of(r, new long[] {width, width}, type));
        }
        return new DenseGraphs(
                HostArrays.of(nodes, new long[] {b, (long) k * (nodeTypes + 1)}, type),
                HostArrays.of(edges, new long[] {b, (long) p * (edgeTypes + 1)}, type),
                HostArrays.of(features, new long[] {width, nodeTypes}, type),
                List.copyOf(rel),
                HostArrays.of(membership, new long[] {b, width}, type));
    }
}
