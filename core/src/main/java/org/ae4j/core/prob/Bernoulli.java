package org.ae4j.core.prob;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** The Bernoulli log-likelihood of targets in [0, 1] under logits, in a numerically stable form. */
public final class Bernoulli {
    private Bernoulli() {
    }

    /**
     * {@code log p(x | l) = sum_d [x_d l_d - softplus(l_d)]}, with
     * {@code softplus(l) = max(l, 0) + log1p(exp(-|l|))} so that large |l| never overflows.
     *
     * @param logits shape [B, D]
     * @param x      targets in [0, 1], shape [B, D]
     * @return per-example log-likelihood, shape [B]
     */
    public static SDVariable logProbFromLogits(SameDiff sd, SDVariable logits, SDVariable x) {
        SDVariable softplus = sd.nn.relu(logits, 0.0)
                .add(sd.math.log1p(sd.math.exp(sd.math.abs(logits).neg())));    // [B, D]
        return x.mul(logits).sub(softplus).sum(1);                               // [B]
    }
}
