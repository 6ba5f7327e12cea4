package org.ae4j.graph.model;

import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.random.Rng;
import org.ae4j.graph.nn.Propagation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A graph auto-encoder's encoder: node features X [N, F] and the normalized adjacency Â to node codes
 * [N, K], points (GAE) or a Gaussian per node (VGAE).
 */
public interface GraphEncoder {
    /** K. */
    int latent();

    /** Whether it encodes each node to q(zᵢ | X, A) rather than to a point. */
    boolean variational();

    /**
     * Adds the encoder to {@code sd}, its parameters drawn from {@code rng}.
     *
     * @param adjacency   Â, dense or sparse
     * @param features    X [N, F]
     * @param featureSize F
     */
    Encoded apply(SameDiff sd, Propagation adjacency, SDVariable features, int featureSize, Rng rng);

    /**
     * The codes: the means μ [N, K], and q(Z | X, A) when {@link #variational()} (else null).
     */
    record Encoded(SDVariable mean, DiagonalGaussian posterior) {
    }
}
