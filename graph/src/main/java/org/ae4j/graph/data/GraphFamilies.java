package org.ae4j.graph.data;

import java.util.ArrayList;
import java.util.List;
import org.ae4j.core.random.Rng;

/**
 * Seeded synthetic graph families for graph-level generative models: cycles, paths, ladders, grids, random
 * trees and two-community graphs (untyped nodes and edges), each returned in its construction order;
 * shuffle with {@link SmallGraph#permuted} to hide that order from a model.
 */
public final class GraphFamilies {
    private GraphFamilies() {
    }

    /** A family and how to draw a member of at most {@code maxNodes} nodes. */
    public enum Family {
        CYCLE, PATH, LADDER, GRID, TREE, TWO_COMMUNITY;

        /**
         * A member with a size drawn uniformly from what fits in {@code maxNodes} (at least 4 nodes, so
         * that every family is nontrivial): cycles, paths and trees of 4..k nodes, ladders of 2..k/2 rungs,
         * grids r×c with 2 <= r <= c and rc <= k, two communities of 2..k/2 nodes each.
         */
        public SmallGraph sample(int maxNodes, Rng rng) {
            if (maxNodes < 4) {
                throw new IllegalArgumentException("families need room for 4 nodes, got maxNodes = " + maxNodes);
            }
            return switch (this) {
                case CYCLE -> cycle(between(4, maxNodes, rng));
                case PATH -> path(between(4, maxNodes, rng));
                case LADDER -> ladder(between(2, maxNodes / 2, rng));
                case GRID -> {
                    List<int[]> shapes = new ArrayList<>();
                    for (int r = 2; r * r <= maxNodes; r++) {
                        for (int c = r; r * c <= maxNodes; c++) {
                            shapes.add(new int[] {r, c});
                        }
                    }
                    int[] shape = shapes.get(rng.nextInt(shapes.size()));
                    yield grid(shape[0], shape[1]);
                }
                case TREE -> tree(between(4, maxNodes, rng), rng);
                case TWO_COMMUNITY -> twoCommunities(between(2, maxNodes / 2, rng), 0.9, 0.1, rng);
            };
        }

        /**
         * Whether {@code g} could be a member (untyped, 4 to {@code maxNodes} nodes): exact for cycles, paths,
         * ladders, grids and trees; for two-community graphs, which any connected graph on an even number of
         * nodes can be, only that.
         */
        public boolean contains(SmallGraph g, int maxNodes) {
            int n = g.nodes();
            boolean untyped = java.util.Arrays.stream(g.nodeTypes()).allMatch(t -> t == 0)
                    && java.util.Arrays.stream(g.edgeTypes()).allMatch(t -> t == 0);
            if (!untyped || n < 4 || n > maxNodes || !g.isConnected()) {
                return false;
            }
            int[] degree = g.degrees();
            return switch (this) {
                case CYCLE -> java.util.Arrays.stream(degree).allMatch(d -> d == 2);
                case PATH -> g.edges().length == n - 1 && java.util.Arrays.stream(degree).allMatch(d -> d <= 2);
                case LADDER -> n % 2 == 0 && isomorphic(g, ladder(n / 2));
                case GRID -> {
                    for (int r = 2; r * r <= n; r++) {
                        if (n % r == 0 && isomorphic(g, grid(r, n / r))) {
                            yield true;
                        }
                    }
                    yield false;
                }
                case TREE -> g.edges().length == n - 1;
                case TWO_COMMUNITY -> n % 2 == 0;
            };
        }

        private static boolean isomorphic(SmallGraph a, SmallGraph b) {
            return a.nodes() == b.nodes() && a.edges().length == b.edges().length
                    && NodeOrdering.canonicalForm(a).equals(NodeOrdering.canonicalForm(b));
        }

        private static int between(int lo, int hi, Rng rng) {
            return lo + rng.nextInt(hi - lo + 1);
        }
    }

    /** The cycle C_n: node i joined to i + 1 (mod n). */
    public static SmallGraph cycle(int n) {
        require(n >= 3, "a cycle needs at least 3 nodes, got " + n);
        int[][] edges = new int[n][];
        for (int i = 0; i < n; i++) {
            edges[i] = new int[] {i, (i + 1) % n};
        }
        return SmallGraph.untyped(n, edges);
    }

    /** The path P_n: node i joined to i + 1. */
    public static SmallGraph path(int n) {
        require(n >= 1, "a path needs at least 1 node, got " + n);
        int[][] edges = new int[n - 1][];
        for (int i = 0; i + 1 < n; i++) {
            edges[i] = new int[] {i, i + 1};
        }
        return SmallGraph.untyped(n, edges);
    }

    /** The ladder P_r × P_2: 2r nodes, rails i – i+1 and r + i – r + i + 1, rungs i – r + i; 3r − 2 edges. */
    public static SmallGraph ladder(int rungs) {
        return grid(2, rungs);
    }

    /** The grid P_r × P_c: node (i, j) is i·c + j; r(c − 1) + c(r − 1) edges. */
    public static SmallGraph grid(int rows, int cols) {
        require(rows >= 1 && cols >= 1, "a grid needs positive sides, got " + rows + "x" + cols);
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int v = i * cols + j;
                if (j + 1 < cols) {
                    edges.add(new int[] {v, v + 1});
                }
                if (i + 1 < rows) {
                    edges.add(new int[] {v, v + cols});
                }
            }
        }
        return SmallGraph.untyped(rows * cols, edges.toArray(int[][]::new));
    }

    /** A random recursive tree: node i > 0 joins a uniformly drawn earlier node. */
    public static SmallGraph tree(int n, Rng rng) {
        require(n >= 1, "a tree needs at least 1 node, got " + n);
        int[][] edges = new int[n - 1][];
        for (int i = 1; i < n; i++) {
            edges[i - 1] = new int[] {rng.nextInt(i), i};
        }
        return SmallGraph.untyped(n, edges);
    }

    /**
     * Two communities of {@code size} nodes (0..size−1 and size..2size−1): pairs inside a community are
     * joined with probability {@code pIn}, pairs across with {@code pOut}; redrawn until connected.
     */
    public static SmallGraph twoCommunities(int size, double pIn, double pOut, Rng rng) {
        require(size >= 2, "each community needs at least 2 nodes, got " + size);
        require(pIn > 0 && pIn <= 1 && pOut > 0 && pOut <= 1, "probabilities must be in (0, 1], got " + pIn + ", " + pOut);
        while (true) {
            List<int[]> edges = new ArrayList<>();
            for (int a = 0; a < 2 * size; a++) {
                for (int b = a + 1; b < 2 * size; b++) {
                    if (rng.nextDouble() < ((a < size) == (b < size) ? pIn : pOut)) {
                        edges.add(new int[] {a, b});
                    }
                }
            }
            SmallGraph g = SmallGraph.untyped(2 * size, edges.toArray(int[][]::new));
            if (g.isConnected()) {
                return g;
            }
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
