package org.ae4j.graph.data;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A small undirected graph with a type per node and per edge (atoms and bonds of a molecule, or a single
 * type for plain graphs): the unit a graph-level VAE encodes and generates (Simonovsky &amp; Komodakis 2018).
 *
 * @param nodeTypes one type index per node, {@code >= 0}; N = its length
 * @param edges     undirected edges {a, b}, 0 <= a < b < N, no duplicates
 * @param edgeTypes one type index per edge, {@code >= 0}
 */
public record SmallGraph(int[] nodeTypes, int[][] edges, int[] edgeTypes) {
    public SmallGraph {
        if (nodeTypes.length < 1) {
            throw new IllegalArgumentException("a graph needs at least one node");
        }
        if (edges.length != edgeTypes.length) {
            throw new IllegalArgumentException(edges.length + " edges but " + edgeTypes.length + " edge types");
        }
        int n = nodeTypes.length;
        for (int t : nodeTypes) {
            if (t < 0) {
                throw new IllegalArgumentException("node types must be >= 0, got " + Arrays.toString(nodeTypes));
            }
        }
        Set<Integer> seen = new HashSet<>();
        for (int e = 0; e < edges.length; e++) {
            int[] pair = edges[e];
            if (pair.length != 2 || pair[0] < 0 || pair[0] >= pair[1] || pair[1] >= n) {
                throw new IllegalArgumentException("edge " + Arrays.toString(pair) + " is not a pair a < b of nodes in 0.."
                        + (n - 1));
            }
            if (!seen.add(pair[0] * n + pair[1])) {
                throw new IllegalArgumentException("edge " + Arrays.toString(pair) + " is listed twice");
            }
            if (edgeTypes[e] < 0) {
                throw new IllegalArgumentException("edge types must be >= 0, got " + edgeTypes[e]);
            }
        }
        nodeTypes = nodeTypes.clone();
        edges = Arrays.stream(edges).map(int[]::clone).toArray(int[][]::new);
        edgeTypes = edgeTypes.clone();
    }

    /** A graph whose nodes and edges all have type 0. */
    public static SmallGraph untyped(int nodes, int[][] edges) {
        return new SmallGraph(new int[nodes], normalized(edges), new int[edges.length]);
    }

    public int nodes() {
        return nodeTypes.length;
    }

    /**
     * The same graph with its nodes relabelled: node i of the result is node {@code order[i]} of this one
     * (the rows of X become PX and A becomes PAPᵀ).
     */
    public SmallGraph permuted(int[] order) {
        int n = nodes();
        if (order.length != n) {
            throw new IllegalArgumentException("a permutation of " + n + " nodes needs " + n + " entries, got " + order.length);
        }
        int[] position = new int[n];
        Arrays.fill(position, -1);
        for (int i = 0; i < n; i++) {
            if (order[i] < 0 || order[i] >= n || position[order[i]] >= 0) {
                throw new IllegalArgumentException("not a permutation of 0.." + (n - 1) + ": " + Arrays.toString(order));
            }
            position[order[i]] = i;
        }
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            types[i] = nodeTypes[order[i]];
        }
        int[][] relabelled = new int[edges.length][];
        for (int e = 0; e < edges.length; e++) {
            relabelled[e] = new int[] {position[edges[e][0]], position[edges[e][1]]};
        }
        return new SmallGraph(types, normalized(relabelled), edgeTypes);
    }

    /** The edge type between a and b, or −1 when they are not adjacent. */
    public int edgeType(int a, int b) {
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        for (int e = 0; e < edges.length; e++) {
            if (edges[e][0] == lo && edges[e][1] == hi) {
                return edgeTypes[e];
            }
        }
        return -1;
    }

    /** Neighbour lists, each in increasing order. */
    public int[][] neighbours() {
        int n = nodes();
        int[] degree = degrees();
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new int[degree[i]];
        }
        int[] filled = new int[n];
        for (int[] e : edges) {
            out[e[0]][filled[e[0]]++] = e[1];
            out[e[1]][filled[e[1]]++] = e[0];
        }
        for (int[] list : out) {
            Arrays.sort(list);
        }
        return out;
    }

    public int[] degrees() {
        int[] degree = new int[nodes()];
        for (int[] e : edges) {
            degree[e[0]]++;
            degree[e[1]]++;
        }
        return degree;
    }

    public boolean isConnected() {
        int[][] adjacent = neighbours();
        boolean[] seen = new boolean[nodes()];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(0);
        seen[0] = true;
        int reached = 1;
        while (!queue.isEmpty()) {
            for (int b : adjacent[queue.poll()]) {
                if (!seen[b]) {
                    seen[b] = true;
                    reached++;
                    queue.add(b);
                }
            }
        }
        return reached == nodes();
    }

    /** Orders each pair as a < b. */
    private static int[][] normalized(int[][] edges) {
        return Arrays.stream(edges).map(e -> new int[] {Math.min(e[0], e[1]), Math.max(e[0], e[1])}).toArray(int[][]::new);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SmallGraph g) || !Arrays.equals(nodeTypes, g.nodeTypes) || edges.length != g.edges.length) {
            return false;
        }
        for (int e = 0; e < edges.length; e++) {
            if (g.edgeType(edges[e][0], edges[e][1]) != edgeTypes[e]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nodeTypes) * 31 + edges.length;
    }

    @Override
    public String toString() {
        return "SmallGraph[types=" + Arrays.toString(nodeTypes) + ", edges=" + Arrays.deepToString(edges)
                + ", edgeTypes=" + Arrays.toString(edgeTypes) + "]";
    }
}
