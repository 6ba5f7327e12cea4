package org.ae4j.graph.model;

import org.ae4j.core.prob.Likelihood;

/**
 * The lecture's node-feature decoder {@code p(X | A, Z) = Πᵢ p(Xᵢ | A, Z)}: two ReLU GCN layers
 * {@code H̃ = GNN(Z, A)} of width {@code hidden} over the same Â, then a linear readout with bias to each node's
 * parameters of {@code likelihood} (Bernoulli for bag-of-words), the bias started at each feature's base rate.
 */
public record FeatureDecoder(Likelihood likelihood, int hidden) {
    public FeatureDecoder {
        if (likelihood == null || hidden < 1) {
            throw new IllegalArgumentException("a feature decoder needs a likelihood and a positive width, got "
                    + likelihood + ", " + hidden);
        }
    }
}
