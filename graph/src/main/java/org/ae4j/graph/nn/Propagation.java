package org.ae4j.graph.nn;

import org.ae4j.graph.data.SparseAdjacency;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * How a graph convolution multiplies node states by the normalized adjacency Â (Kipf &amp; Welling 2017, Eq. 2):
 * {@code Â H} for H [N, d]. Both forms compute the same product; which is faster depends on N and |E|.
 */
public sealed interface Propagation {

    /** {@code Â h}: [N, width] to [N, width]. */
    SDVariable apply(SDVariable h, int width);

    /**
     * Â as a dense [N, N] variable (a placeholder fed with {@link org.ae4j.graph.data.Adjacency#symmetricNormalize}):
     * one matrix product, O(N² d), N² values held.
     */
    record Dense(SDVariable adjacency) implements Propagation {
        @Override
        public SDVariable apply(SDVariable h, int width) {
            return adjacency.mmul(h);
        }
    }

    /**
     * Â in compressed rows, its nodes in non-increasing degree ({@link SparsePropagation}): O(|E| d), O(|E|) values
     * held.
     *
     * @param name the prefix of the constants each product adds (one product per layer)
     */
    record Sparse(SameDiff sd, String name, SparseAdjacency adjacency) implements Propagation {
        public Sparse {
            SparsePropagation.requireDegreeSorted(adjacency);
        }

        @Override
        public SDVariable apply(SDVariable h, int width) {
            String prefix = name;
            for (int i = 1; sd.hasVariable(prefix + "/bucket0/values"); i++) {
                prefix = name + "_" + i;
            }
            return SparsePropagation.apply(sd, prefix, adjacency, h, width);
        }
    }
}
