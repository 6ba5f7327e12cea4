package org.ae4j.graph.model;

import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.random.Rng;
import org.ae4j.graph.nn.Gcn;
import org.ae4j.graph.nn.Propagation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Kipf &amp; Welling (2016)'s two-layer GCN encoder: {@code H = ReLU(Â X W0)}, {@code μ = Â H W1}, and for the VGAE
 * {@code log σ = Â H W2}, q(Z | X, A) = Πᵢ N(Zᵢ | μᵢ, σᵢ²). Parameters "encoder/w0", "encoder/w_mean",
 * "encoder/w_log_std".
 *
 * @param hidden      width of the first layer (32 in the paper)
 * @param latent      K (16 in the paper)
 * @param variational VGAE when true, GAE otherwise
 */
public record GcnEncoder(int hidden, int latent, boolean variational) implements GraphEncoder {
    public GcnEncoder {
        if (hidden < 1 || latent < 1) {
            throw new IllegalArgumentException("GCN widths must be positive, got " + hidden + ", " + latent);
        }
    }

    @Override
    public Encoded apply(SameDiff sd, Propagation adjacency, SDVariable features, int featureSize, Rng rng) {
        SDVariable h = Gcn.layer(sd, "encoder/w0", adjacency, features, featureSize, hidden, Activation.RELU, rng);
        SDVariable mean = Gcn.layer(sd, "encoder/w_mean", adjacency, h, hidden, latent, Activation.IDENTITY, rng);
        if (!variational) {
            return new Encoded(mean, null);
        }
        SDVariable logStd = Gcn.layer(sd, "encoder/w_log_std", adjacency, h, hidden, latent, Activation.IDENTITY,
                rng);                                                                             // log σ [N, K]
        return new Encoded(mean, new DiagonalGaussian(mean, logStd.mul(2), latent));
    }
}
