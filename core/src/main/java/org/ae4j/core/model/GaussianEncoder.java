package org.ae4j.core.model;

import java.util.List;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.Mlp;
import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The amortized inference network of a VAE, q(z | x) = N(μ(x), diag σ²(x)): an MLP trunk, then two
 * linear heads for μ and log σ² (Kingma &amp; Welling 2014, App. C.2).
 *
 * @param sizes  the trunk's widths from the input, e.g. [784, 400]; just [D] for a linear encoder
 * @param hidden the trunk's activation
 * @param latent K, the code dimension
 */
public record GaussianEncoder(List<Integer> sizes, Activation hidden, int latent) implements VariationalEncoder {
    public GaussianEncoder {
        sizes = List.copyOf(sizes);
        if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s < 1) || latent < 1) {
            throw new IllegalArgumentException("an encoder needs positive widths from the input and K >= 1, got "
                    + sizes + " and K = " + latent);
        }
    }

    @Override
    public int inputSize() {
        return sizes.get(0);
    }

    /**
     * @param x [B, D]
     * @return q(z | x) with mean and log-variance [B, K], from heads under "scope_mean" and "scope_log_var"
     */
    @Override
    public DiagonalGaussian apply(SameDiff sd, String scope, SDVariable x, Rng rng) {
        SDVariable h = sizes.size() > 1 ? new Mlp(sizes, hidden, hidden).apply(sd, scope, x, rng) : x;
        return GaussianHeads.heads(sd, scope, h, sizes.get(sizes.size() - 1), latent, rng);
    }
}
