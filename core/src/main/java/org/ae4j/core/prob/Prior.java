package org.ae4j.core.prob;

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

    /** {@code log p(z)}: [N, K] to [N]. */
    SDVariable logProb(SDVariable z, long k);

    /**
     * {@code KL(q || p)} per example, [B], for the encoder's q(z | x): in closed form where there is one, else the
     * Monte Carlo mean of {@code log q(z_s | x) − log p(z_s)} over the samples z_s = μ + σ ε_s.
     *
     * @param eps     the ε of the samples, [B, S, K]
     * @param samples S
     */
    SDVariable klFrom(DiagonalGaussian q, SDVariable eps, int samples);

    /** {@code n} codes drawn from the prior, [n, k], reading its parameters, if it has any, from {@code sd}. */
    INDArray sample(SameDiff sd, int n, int k, Rng rng, DataType type);
}
