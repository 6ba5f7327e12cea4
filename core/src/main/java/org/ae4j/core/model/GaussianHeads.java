package org.ae4j.core.model;

import java.util.List;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.Block;
import org.ae4j.core.nn.Mlp;
import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * q(z | x) = N(μ(h), diag σ²(h)) over any trunk h = trunk(x), a convolution stack for one, with linear heads for μ and
 * log σ² (the MLP one is {@link GaussianEncoder}).
 *
 * @param trunk  x [B, D] to features [B, F]
 * @param latent K
 */
public record GaussianHeads(Block trunk, int latent) implements VariationalEncoder {
    public GaussianHeads {
        if (trunk == null || latent < 1) {
            throw new IllegalArgumentException("an encoder needs a trunk and K >= 1, got " + trunk + " and K = " + latent);
        }
    }

    @Override
    public int inputSize() {
        return trunk.inputSize();
    }

    /** @return q(z | x), mean and log-variance [B, K], under "scope_mean" and "scope_log_var" */
    @Override
    public DiagonalGaussian apply(SameDiff sd, String scope, SDVariable x, Rng rng) {
        return heads(sd, scope, trunk.apply(sd, scope, x, rng), trunk.outputSize(), latent, rng);
    }

    /** Linear heads from features h [B, width] to μ and log σ² [B, K], under "scope_mean" and "scope_log_var". */
    static DiagonalGaussian heads(SameDiff sd, String scope, SDVariable h, int width, int latent, Rng rng) {
        Mlp head = new Mlp(List.of(width, latent), Activation.IDENTITY, Activation.IDENTITY);
        return new DiagonalGaussian(head.apply(sd, scope + "_mean", h, rng), head.apply(sd, scope + "_log_var", h, rng),
                latent);
    }
}
