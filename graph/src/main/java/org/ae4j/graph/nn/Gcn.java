package org.ae4j.graph.nn;

import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.Init;
import org.ae4j.core.random.Rng;
import org.ae4j.graph.data.Adjacency;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A graph convolution (Kipf &amp; Welling 2017, Eq. 2) without bias, as in the GAE reference code:
 * {@code H' = act(Â H W)} with Â the symmetrically normalized adjacency ({@link Adjacency#symmetricNormalize}).
 * It is permutation-equivariant: relabelling the nodes permutes the rows of H' alike.
 */
public final class Gcn {
    private Gcn() {
    }

    /**
     * Adds one layer with a new Glorot-uniform weight {@code name} [in, out].
     *
     * @param adjacency Â, dense or sparse
     * @param h         node states, [N, in]
     * @return [N, out]
     */
    public static SDVariable layer(SameDiff sd, String name, Propagation adjacency, SDVariable h, int in, int out,
                                   Activation activation, Rng rng) {
        SDVariable w = sd.var(name, Init.glorotUniform(rng, in, out, h.dataType()));
        // The product with Â runs on the narrower side: Â (H W) when the layer narrows, (Â H) W when it widens.
        SDVariable propagated = out <= in ? adjacency.apply(h.mmul(w), out) : adjacency.apply(h, in).mmul(w);
        return activation.apply(sd, propagated);
    }
}
