package org.ae4j.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.ae4j.core.data.Rng;

/**
 * Ways to order a graph's nodes for a decoder that is not permutation-equivariant (the lecture's last
 * slides): each draws a permutation π, and the model sees the graph relabelled by it
 * ({@link SmallGraph#permuted}: new node i is old node π[i]). The domain-knowledge orderings leave
 * only the choices they cannot settle to the random generator (start node, ties), so they draw from
 * a much smaller set than {@link #UNIFORM}'s N!.
 */
public enum NodeOrdering {
    /** Any of the N! permutations, uniformly. */
    UNIFORM,
    /** Breadth-first from a random node, neighbours in random order; components one after another. */
    BFS,
    /** Depth-first (preorder) from a random node, neighbours in random order. */
    DFS,
    /** By decreasing degree, ties in random order. */
    DEGREE;

    /** A permutation of {@code graph}'s nodes, drawn from this ordering's distribution. */
    public int[] draw(SmallGraph graph, Rng rng) {
        int n = graph.nodes();
        return switch (this) {
            case UNIFORM -> rng.permutation(n);
            case BFS, DFS -> traversal(graph, rng, this == BFS);
            case DEGREE -> {
                int[] degree = graph.degrees();
                int[] shuffled = rng.permutation(n);
                // A stable sort of a random order by degree: ties stay in random order.
                yield IntStream.of(shuffled).boxed().sorted(Comparator.comparingInt(v -> -degree[v]))
                        .mapToInt(Integer::intValue).toArray();
            }
        };
    }

    private static int[] traversal(SmallGraph graph, Rng rng, boolean breadthFirst) {
        int n = graph.nodes();
        int[][] neighbours = graph.neighbours();
        boolean[] seen = new boolean[n];
        List<Integer> order = new ArrayList<>(n);
        for (int start : rng.permutation(n)) {
            if (seen[start]) {
                continue;
            }
            ArrayDeque<Integer> frontier = new ArrayDeque<>();
            frontier.add(start);
            if (breadthFirst) {
                seen[start] = true;
            }
            while (!frontier.isEmpty()) {
                int v = breadthFirst ? frontier.pollFirst() : frontier.pollLast();
                if (!breadthFirst) {
                    if (seen[v]) {
                        continue;
                    }
                    seen[v] = true;
                }
                order.add(v);
                int[] next = shuffled(neighbours[v], rng);
                if (breadthFirst) {
                    for (int w : next) {
                        if (!seen[w]) {
                            seen[w] = true;
                            frontier.addLast(w);
                        }
                    }
                } else {
                    for (int i = next.length - 1; i >= 0; i--) { // pushed in reverse: visited in drawn order
                        if (!seen[next[i]]) {
                            frontier.addLast(next[i]);
                        }
                    }
                }
            }
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] shuffled(int[] values, Rng rng) {
        int[] p = rng.permutation(values.length);
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[p[i]];
        }
        return out;
    }
}
