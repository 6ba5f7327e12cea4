package org.ae4j.core.prob;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A decoder's observation model p(x | θ), where θ [B, D] is what the decoder network outputs (logits
 * for {@link Bernoulli}, means for {@link Gaussian}). Log-densities include their normalizing constants,
 * so values of different models are comparable in nats.
 */
public interface Likelihood {

    /**
     * {@code log p(x | θ)} summed over the D dimensions: shape [B] from θ [B, P·D] and x [B, D].
     * D is passed because SameDiff M2.1 does not know the static shape of computed variables.
     */
    SDVariable logProb(SameDiff sd, SDVariable params, SDVariable x, long d);

    /** The mean E[x | θ], [B, D]: what an auto-encoder shows as its reconstruction. */
    SDVariable mean(SameDiff sd, SDVariable params, long d);

    /**
     * How many decoder outputs per data dimension θ holds: 1 (logits, means), or 2 for a Gaussian
     * with learned variance (means, then log-variances).
     */
    default int paramsPerDimension() {
        return 1;
    }

}
