package org.ae4j.core.prob;

import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A VAE's prior p(z) over K-dimensional codes. */
public interface Prior {

    /** {@code log p(z)} over the last dimension: [..., K] to [...]. */
    SDVariable logProb(SDVariable z, long k);

    /** {@code KL(q || p)} per example, [B], for the encoder's q(z | x). */
    SDVariable klFrom(DiagonalGaussian q);

    /** {@code n} codes drawn from the prior, [n, k], in the given type. */
    INDArray sample(int n, int k, Rng rng, org.nd4j.linalg.api.buffer.DataType type);
}
