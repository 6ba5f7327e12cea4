package org.ae4j.core.model;

import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** A VAE's amortized inference network: rows x [B, D] to q(z | x) = N(μ(x), diag σ²(x)) over K dimensions. */
public interface VariationalEncoder {
    /** D. */
    int inputSize();

    /** K. */
    int latent();

    /**
     * Adds the network to {@code sd} under {@code scope}, its parameters drawn from {@code rng}.
     *
     * @param x [B, D]
     * @return q(z | x), mean and log-variance [B, K]
     */
    DiagonalGaussian apply(SameDiff sd, String scope, SDVariable x, Rng rng);
}
