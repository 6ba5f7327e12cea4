package org.ae4j.graph.data;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The GCN propagation matrix Â = D^−1/2 (A + I) D^−1/2 (Kipf &amp; Welling 2017, Eq. 2) in compressed sparse rows:
 * row i's non-zeros are {@code columns[rowStart[i] .. rowStart[i + 1])} in increasing order, with {@code values} at
 * the same positions; every node is its own neighbour. Â is symmetric, so row i also lists the nodes that row i's
 * values propagate to. Memory is O(N + |E|), where {@link Adjacency#symmetricNormalize} holds N².
 *
 * @param nodes    N
 * @param rowStart N + 1 offsets into {@code columns}, from 0 to nnz
 * @param columns  the column of each non-zero, [nnz]
 * @param values   Â's value at each non-zero, [nnz]
 */
public record SparseAdjacency(int nodes, int[] rowStart, int[] columns, double[] values) {
    public SparseAdjacency {
        if (nodes < 1 || rowStart.length != nodes + 1 || rowStart[0] != 0 || rowStart[nodes] != columns.length
                || values.length != columns.length) {
            throw new IllegalArgumentException("compressed rows need N + 1 offsets from 0 to nnz and one value per "
                    + "column, got N = " + nodes + ", " + rowStart.length + " offsets, " + columns.length + " columns, "
                    + values.length + " values");
        }
        for (int i = 0; i < nodes; i++) {
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                if (columns[p] < 0 || columns[p] >= nodes || p > rowStart[i] && columns[p] <= columns[p - 1]) {
                    throw new IllegalArgumentException("row " + i + "'s columns must be increasing nodes of 0.."
                            + (nodes - 1) + ", got " + Arrays.toString(Arrays.copyOfRange(columns, rowStart[i],
                            rowStart[i + 1])));
                }
            }
        }
    }

    /** Â of {@code graph}'s edges. */
    public static SparseAdjacency of(Graph graph) {
        return normalized(graph.nodes(), graph.edges());
    }

    /**
     * Â of an undirected graph on {@code nodes} nodes.
     *
     * @param edges pairs {a, b} of distinct nodes, each listed once (as {@link Graph} keeps them)
     */
    public static SparseAdjacency normalized(int nodes, int[][] edges) {
        int[] degree = new int[nodes];
        Arrays.fill(degree, 1); // the self-loop
        for (int[] e : edges) {
            if (e.length != 2 || e[0] == e[1] || Math.min(e[0], e[1]) < 0 || Math.max(e[0], e[1]) >= nodes) {
                throw new IllegalArgumentException("edge " + Arrays.toString(e) + " is not a pair of distinct nodes "
                        + "of 0.." + (nodes - 1));
            }
            degree[e[0]]++;
            degree[e[1]]++;
        }
        int[] rowStart = new int[nodes + 1];
        for (int i = 0; i < nodes; i++) {
            rowStart[i + 1] = rowStart[i] + degree[i];
        }
        int[] columns = new int[rowStart[nodes]];
        int[] fill = Arrays.copyOf(rowStart, nodes);
        for (int i = 0; i < nodes; i++) {
            columns[fill[i]++] = i;
        }
        for (int[] e : edges) {
            columns[fill[e[0]]++] = e[1];
            columns[fill[e[1]]++] = e[0];
        }
        double[] values = new double[columns.length];
        for (int i = 0; i < nodes; i++) {
            Arrays.sort(columns, rowStart[i], rowStart[i + 1]);
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                if (p > rowStart[i] && columns[p] == columns[p - 1]) {
                    throw new IllegalArgumentException("edge {" + Math.min(i, columns[p]) + ", "
                            + Math.max(i, columns[p]) + "} is listed twice");
                }
                values[p] = 1 / Math.sqrt((double) degree[i] * degree[columns[p]]);
            }
        }
        return new SparseAdjacency(nodes, rowStart, columns, values);
    }

    /** The non-zeros of row i: i's degree in A + I. */
    public int degree(int i) {
        return rowStart[i + 1] - rowStart[i];
    }

    /** nnz, |A + I|'s ones: twice the undirected edges, plus N. */
    public int nonZeros() {
        return columns.length;
    }

    /**
     * The nodes by non-increasing degree, ties in increasing order: relabelling a graph by it ({@code order[k]} becomes
     * node k) makes its adjacency {@link #degreeSorted()}.
     */
    public int[] degreeOrder() {
        return IntStream.range(0, nodes).boxed()
                .sorted((a, b) -> degree(a) != degree(b) ? Integer.compare(degree(b), degree(a)) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Whether the degrees do not increase from node 0 to node N − 1. */
    public boolean degreeSorted() {
        for (int i = 1; i < nodes; i++) {
            if (degree(i) > degree(i - 1)) {
                return false;
            }
        }
        return true;
    }

    /** Â as a dense [N, N] array of {@code type}, for small graphs and tests. */
    public INDArray dense(DataType type) {
        double[][] a = new double[nodes][nodes];
        for (int i = 0; i < nodes; i++) {
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                a[i][columns[p]] = values[p];
            }
        }
        return Nd4j.createFromArray(a).castTo(type);
    }
}
