package org.ae4j.graph.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.ae4j.core.random.Rng;
import org.openscience.cdk.graph.invariant.Canon;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;

/**
 * Ways to order a graph's nodes for a decoder that is not permutation-equivariant (the lecture's last
 * slides): each draws a permutation π, and the model sees the graph relabelled by it
 * ({@link SmallGraph#permuted}: new node i is old node π[i]). The domain-knowledge orderings leave
 * only the choices they cannot settle to the random generator (start node, ties), so they draw from
 * a much smaller set than {@link #UNIFORM}'s N!.
 */
public enum NodeOrdering {
    /** The order the graph comes in (e.g. a SMILES's atom order): no permutation at all. */
    IDENTITY,
    /** Any of the N! permutations, uniformly. */
    UNIFORM,
    /** Breadth-first from a random node, neighbours in random order; components one after another. */
    BFS,
    /** Depth-first (preorder) from a random node, neighbours in random order. */
    DFS,
    /** By decreasing degree, ties in random order. */
    DEGREE,
    /**
     * A canonical labelling (CDK's {@code Canon}, Weininger et al.'s CANON refinement from node types and
     * the types of incident edges): isomorphic graphs get the same adjacency, so it ignores the
     * generator and |S| = 1 suffices.
     */
    CANONICAL;

    /** A permutation of {@code graph}'s nodes, drawn from this ordering's distribution. */
    public int[] draw(SmallGraph graph, Rng rng) {
        int n = graph.nodes();
        return switch (this) {
            case IDENTITY -> IntStream.range(0, n).toArray();
            case UNIFORM -> rng.permutation(n);
            case BFS, DFS -> traversal(graph, rng, this == BFS);
            case DEGREE -> {
                int[] degree = graph.degrees();
                int[] shuffled = rng.permutation(n);
                // A stable sort of a random order by degree: ties stay in random order.
                yield IntStream.of(shuffled).boxed().sorted(Comparator.comparingInt(v -> -degree[v]))
                        .mapToInt(Integer::intValue).toArray();
            }
            case CANONICAL -> canonical(graph);
        };
    }

    /** The graph relabelled canonically: two graphs are isomorphic exactly when these are equal. */
    public static SmallGraph canonicalForm(SmallGraph graph) {
        return graph.permuted(canonical(graph));
    }

    private static int[] canonical(SmallGraph graph) {
        int n = graph.nodes();
        IAtomContainer container = SilentChemObjectBuilder.getInstance().newAtomContainer();
        for (int i = 0; i < n; i++) {
            container.addAtom(SilentChemObjectBuilder.getInstance().newInstance(IAtom.class, "C"));
        }
        long[] invariants = new long[n];
        for (int i = 0; i < n; i++) {
            invariants[i] = 1 + graph.nodeTypes()[i];
        }
        for (int e = 0; e < graph.edges().length; e++) {
            // Incident edge types enter the invariant as counts in base 64 (types beyond 8 would collide).
            long weight = 1L << (6 * (1 + Math.min(graph.edgeTypes()[e], 8)));
            invariants[graph.edges()[e][0]] += weight;
            invariants[graph.edges()[e][1]] += weight;
        }
        long[] labels = Canon.label(container, graph.neighbours(), invariants);
        return IntStream.range(0, n).boxed().sorted(Comparator.comparingLong(i -> labels[i]))
                .mapToInt(Integer::intValue).toArray();
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
