package org.ae4j.core.prob;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A decoder's observation model p(x | θ), where θ [B, D] is what the decoder network outputs (logits
 * for {@link Bernoulli}, means for {@link Gaussian}). Log-densities include their normalizing constants,
 * so values of different models are comparable in nats.
 */
public interface Likelihood {

    /** {@code log p(x | θ)} summed over the D dimensions: shape [B] from θ and x of shape [B, D]. */
    SDVariable logProb(SameDiff sd, SDVariable params, SDVariable x);

    /** The mean E[x | θ], [B, D]: what an auto-encoder shows as its reconstruction. */
    SDVariable mean(SameDiff sd, SDVariable params);

    /**
     * Sums per-element terms [B, D] over D into [B]. SameDiff M2.1 throws a NullPointerException
     * when it reduces over a dimension of size 1, so one-dimensional data is reshaped instead.
     *
     * @param x the data whose static shape tells D (a placeholder [-1, D] or a constant)
     */
    static SDVariable sumPerExample(SDVariable perElement, SDVariable x) {
        long[] shape = x.getShape();
        boolean oneDimensional = shape != null && shape.length == 2 && shape[1] == 1;
        return oneDimensional ? perElement.reshape(-1) : perElement.sum(1);
    }
}
