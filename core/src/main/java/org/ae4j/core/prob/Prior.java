package org.ae4j.core.prob;

import java.util.Optional;
import java.util.function.Function;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A VAE's prior p(z) over K-dimensional codes. A prior with parameters of its own (a learned prior such as the
 * VampPrior) creates them in the model's graph in {@link #build}, under the scope "prior"; the others are fixed.
 */
public interface Prior {

    /**
     * Adds this prior's parameters to {@code sd}, drawn from {@code rng} in {@code type}, once, before the model asks
     * for log p(z);
     * parameters already in the graph under their names are reused. Nothing for a fixed prior.
     *
     * @param encoder   the model's encoder, rows [N, D] to q(z | x) (the VampPrior's mixture components)
     * @param inputSize D
     */
    default void build(SameDiff sd, Function<SDVariable, DiagonalGaussian> encoder, int inputSize, Rng rng,
                       DataType type) {
    }

    /**
     * E, the standard normal values {@link #logProb} takes per code: a prior that is itself a latent-variable model
     * (a second stochastic layer) estimates log p(z) by sampling its own latent. None for the others.
     */
    default int noiseWidth() {
        return 0;
    }

    /**
     * {@code log p(z)}, or for a prior with {@link #noiseWidth()} E > 0 an importance-weighted estimate of it from one
     * draw of its own latent: [N, K] to [N].
     *
     * @param noise [N, E] standard normal values, null when E = 0
     */
    SDVariable logProb(SDVariable z, long k, SDVariable noise);

    /** {@code KL(q || p)} per example, [B], where it has a closed form; the model estimates it from samples otherwise. */
    default Optional<SDVariable> klInClosedForm(DiagonalGaussian q) {
        return Optional.empty();
    }

    /** {@code n} codes drawn from the prior, [n, k], reading its parameters, if it has any, from {@code sd}. */
    INDArray sample(SameDiff sd, int n, int k, Rng rng, DataType type);
}
