package org.ae4j.graph.model;

import java.util.ArrayList;
import java.util.List;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.Mlp;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The edge decoder {@code p(Aᵢⱼ = 1 | Z) = σ(HᵢᵀHⱼ)} with {@code H = Z} (Kipf &amp; Welling 2016) or {@code H = MLP(Z)}
 * (the lecture's variant; ReLU, linear last layer, parameters under "edge_decoder").
 *
 * @param mlp widths of the MLP after K; empty for H = Z
 */
public record InnerProductDecoder(List<Integer> mlp) {
    public InnerProductDecoder {
        mlp = List.copyOf(mlp);
        if (mlp.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("edge MLP widths must be positive, got " + mlp);
        }
    }

    /** The paper's σ(ZᵢᵀZⱼ). */
    public static InnerProductDecoder ofCodes() {
        return new InnerProductDecoder(List.of());
    }

    /**
     * The rows H whose inner products are the logits, [N, K'], from codes z [N, K].
     */
    public SDVariable embed(SameDiff sd, SDVariable z, int latent, Rng rng) {
        if (mlp.isEmpty()) {
            return sd.identity(z); // a variable of its own: z may be the encoder mean
        }
        List<Integer> sizes = new ArrayList<>(List.of(latent));
        sizes.addAll(mlp);
        return new Mlp(sizes, Activation.RELU, Activation.IDENTITY).apply(sd, "edge_decoder", z, rng);
    }
}
