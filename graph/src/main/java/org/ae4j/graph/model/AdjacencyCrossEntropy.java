package org.ae4j.graph.model;

import org.ae4j.core.loss.FusibleTerm;
import org.ae4j.graph.data.Graph;

/**
 * Kipf and Welling's weighted adjacency cross-entropy from an edge embedding H [N, K]:
 * {@code Σᵢⱼ wᵢⱼ (softplus(lᵢⱼ) − yᵢⱼ lᵢⱼ)} with logits {@code l = HHᵀ}, {@code y = A + I} and weights
 * {@code wᵢⱼ} = {@code positive} where y = 1, {@code negative} elsewhere (already scaled by norm / N²).
 *
 * @param embedding the graph variable H [N, K]
 * @param output    the scalar variable whose ops compute the term
 * @param graph     A's graph
 */
public record AdjacencyCrossEntropy(String embedding, String output, Graph graph, double negative, double positive)
        implements FusibleTerm {
    public AdjacencyCrossEntropy {
        if (!(negative > 0) || !(positive > 0)) {
            throw new IllegalArgumentException("the weights must be positive, got " + negative + " and " + positive);
        }
    }
}
