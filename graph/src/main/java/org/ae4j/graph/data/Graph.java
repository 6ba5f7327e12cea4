package org.ae4j.graph.data;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.ae4j.core.data.RowGather;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An undirected graph with node features and optional node labels.
 *
 * @param nodes    N
 * @param edges    undirected edges as pairs {a, b} with 0 <= a < b < N, no duplicates
 * @param features node features [N, F]
 * @param labels   one class per node, −1 for an unlabelled node, or {@code null} when there are none
 */
public record Graph(int nodes, int[][] edges, INDArray features, int[] labels) {
    public Graph {
        if (nodes < 1) {
            throw new IllegalArgumentException("a graph needs at least one node, got " + nodes);
        }
        if (features == null || features.rank() != 2 || features.rows() != nodes) {
            throw new IllegalArgumentException("features must be [" + nodes + ", F], got "
                    + (features == null ? "null" : Arrays.toString(features.shape())));
        }
        if (labels != null && labels.length != nodes) {
            throw new IllegalArgumentException(nodes + " nodes but " + labels.length + " labels");
        }
        Set<Long> seen = new HashSet<>();
        for (int[] e : edges) {
            if (e.length != 2 || e[0] < 0 || e[0] >= e[1] || e[1] >= nodes) {
                throw new IllegalArgumentException("edge " + Arrays.toString(e) + " is not a pair a < b of nodes in 0.."
                        + (nodes - 1));
            }
            if (!seen.add(key(e[0], e[1], nodes))) {
                throw new IllegalArgumentException("edge " + Arrays.toString(e) + " is listed twice");
            }
        }
    }

    /** F, the feature width. */
    public int featureSize() {
        return (int) features.columns();
    }

    /** The same nodes, features and labels with another edge set (e.g. the training edges of a split). */
    public Graph withEdges(int[][] newEdges) {
        return new Graph(nodes, newEdges, features, labels);
    }

    /** The symmetric 0/1 adjacency matrix without self loops, [N, N], in {@code features}' data type. */
    public INDArray adjacency() {
        INDArray a = Nd4j.zeros(features.dataType(), nodes, nodes);
        for (int[] e : edges) {
            a.putScalar(e[0], e[1], 1.0);
            a.putScalar(e[1], e[0], 1.0);
        }
        return a;
    }

    /**
     * The same graph with its nodes relabelled: node {@code order[k]} becomes node k, its features and label with it;
     * {@code order} is a permutation of 0..N − 1.
     */
    public Graph relabel(int[] order) {
        int[] label = inverse(order, nodes);
        int[][] mapped = new int[edges.length][];
        for (int i = 0; i < edges.length; i++) {
            int a = label[edges[i][0]];
            int b = label[edges[i][1]];
            mapped[i] = new int[] {Math.min(a, b), Math.max(a, b)};
        }
        int[] newLabels = null;
        if (labels != null) {
            newLabels = new int[nodes];
            for (int k = 0; k < nodes; k++) {
                newLabels[k] = labels[order[k]];
            }
        }
        return new Graph(nodes, mapped, new RowGather(features).rows(order), newLabels);
    }

    /** {@code label[order[k]] = k}: where each node goes under {@link #relabel}; fails unless a permutation. */
    public static int[] inverse(int[] order, int nodes) {
        if (order.length != nodes) {
            throw new IllegalArgumentException("a relabelling of " + nodes + " nodes needs " + nodes + " entries, got "
                    + order.length);
        }
        int[] label = new int[nodes];
        Arrays.fill(label, -1);
        for (int k = 0; k < nodes; k++) {
            if (order[k] < 0 || order[k] >= nodes || label[order[k]] != -1) {
                throw new IllegalArgumentException("a relabelling must list every node of 0.." + (nodes - 1)
                        + " once; node " + order[k] + " at position " + k + " is out of range or repeated");
            }
            label[order[k]] = k;
        }
        return label;
    }

    /** A unique key of the unordered pair {a, b}. */
    static long key(int a, int b, int nodes) {
        return (long) Math.min(a, b) * nodes + Math.max(a, b);
    }
}
