package org.ae4j.core.prob;

import java.util.Optional;
import org.ae4j.core.loss.FusibleTerm;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

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

    /**
     * The maximum-likelihood θ of the model that ignores the input: one row [1, P·D] fitted to the data
     * x [B, D] (e.g. each pixel's log-odds). A decoder's output bias started there begins at this baseline
     * instead of far from it (as Burda et al. 2016 initialize their output biases).
     */
    INDArray baseRate(INDArray x);

    /**
     * The mean over rows of {@code −log p(x | θ)}, θ the variable {@code params} [R, P·D] and row r scored against
     * row r / S of the variable {@code target} [R / S, D], declared as a {@link FusibleTerm} whose ops are those of
     * the graph variable {@code output}: an engine with a kernel for it may run that instead. Empty where this
     * likelihood declares none.
     */
    default Optional<FusibleTerm> meanNllTerm(String params, String target, int samples, String output) {
        return Optional.empty();
    }

}
