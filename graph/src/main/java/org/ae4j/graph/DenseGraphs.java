package org.ae4j.graph;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch of B small graphs of at most k nodes as dense arrays, nodes in slots 0..n−1 and empty slots after.
 *
 * <ul>
 * <li>{@code nodeTargets} [B, k·(Tn + 1)]: per slot a one-hot over the Tn node types plus "empty".</li>
 * <li>{@code edgeTargets} [B, k(k−1)/2 · (Te + 1)]: per slot pair i &lt; j (row-major) a one-hot over the
 * Te edge types plus "no edge".</li>
 * <li>{@code features} [B·k, Tn]: one-hot node types for the encoder, zero rows for empty slots.</li>
 * <li>{@code relations} Te arrays [B·k, B·k]: block-diagonal adjacency of each edge type, each row
 * divided by the node's degree (over all types) plus one, the encoder's propagation.</li>
 * <li>{@code membership} [B, B·k]: 1 where slot belongs to graph, 0 else; sums node states per graph.</li>
 * </ul>
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

    public static DenseGraphs of(List<SmallGraph> graphs, int k, int nodeTypes, int edgeTypes, DataType type) {
        int b = graphs.size();
        int p = pairs(k);
        float[] nodes = new float[b * k * (nodeTypes + 1)];
        float[] edges = new float[b * p * (edgeTypes + 1)];
        float[] features = new float[b * k * nodeTypes];
        float[][] relations = new float[edgeTypes][b * k * b * k];
        float[] membership = new float[b * b * k];
        int width = b * k;
        for (int g = 0; g < b; g++) {
            SmallGraph graph = graphs.get(g);
            int n = graph.nodes();
            if (n > k) {
                throw new IllegalArgumentException("graph " + g + " has " + n + " nodes, more than k = " + k);
            }
            for (int i = 0; i < k; i++) {
                int t = i < n ? graph.nodeTypes()[i] : nodeTypes;
                if (t > nodeTypes || (i < n && t == nodeTypes)) {
                    throw new IllegalArgumentException("graph " + g + " node " + i + " has type " + t + ", not in 0.."
                            + (nodeTypes - 1));
                }
                nodes[(g * k + i) * (nodeTypes + 1) + t] = 1;
                if (i < n) {
                    features[(g * k + i) * nodeTypes + t] = 1;
                    membership[g * width + g * k + i] = 1;
                }
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
                int q = g * p + pairIndex(i, j, k);
                edges[q * (edgeTypes + 1) + edgeTypes] = 0;
                edges[q * (edgeTypes + 1) + t] = 1;
                int a = g * k + i;
                int c = g * k + j;
                relations[t][a * width + c] = 1f / (degree[i] + 1);
                relations[t][c * width + a] = 1f / (degree[j] + 1);
            }
        }
        List<INDArray> rel = new java.util.ArrayList<>();
        for (float[] r : relations) {
            rel.add(Nd4j.create(r, new long[] {width, width}, 'c').castTo(type));
        }
        return new DenseGraphs(
                Nd4j.create(nodes, new long[] {b, (long) k * (nodeTypes + 1)}, 'c').castTo(type),
                Nd4j.create(edges, new long[] {b, (long) p * (edgeTypes + 1)}, 'c').castTo(type),
                Nd4j.create(features, new long[] {width, nodeTypes}, 'c').castTo(type),
                List.copyOf(rel),
                Nd4j.create(membership, new long[] {b, width}, 'c').castTo(type));
    }
}
