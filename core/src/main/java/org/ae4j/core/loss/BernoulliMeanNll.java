package org.ae4j.core.loss;

/**
 * {@code (1/R) Σ_r Σ_d [softplus(l_rd) − x_(r/S)d l_rd]}: the mean over rows of −log p(x | l) under independent
 * Bernoullis with logits l [R, D], row r scored against row r / S of the targets x [R / S, D] (S decoded samples
 * per example).
 *
 * @param logits  the graph variable l [R, D]
 * @param target  the graph variable x [R / S, D]; no parameter may influence it
 * @param samples S ≥ 1
 * @param output  the scalar variable whose ops compute the term
 */
public record BernoulliMeanNll(String logits, String target, int samples, String output) implements FusibleTerm {
    public BernoulliMeanNll {
        if (samples < 1) {
            throw new IllegalArgumentException("need at least one sample per target row, got " + samples);
        }
    }
}
