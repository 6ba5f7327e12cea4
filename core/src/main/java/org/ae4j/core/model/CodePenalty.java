package org.ae4j.core.model;

import org.ae4j.core.loss.Term;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A penalty on an auto-encoder's code, added to its loss as a term of its own: e.g. the sparse auto-encoder's
 * {@code λ‖z‖₁} (Ranzato et al. 2007; Goodfellow et al. 2016, §14.2.1), which drives most code units of an example to
 * exactly zero under a ReLU code.
 */
public interface CodePenalty {
    /** The loss term it is logged as. */
    Term term();

    /**
     * Adds the penalty to {@code sd}.
     *
     * @param code z [B, K]
     * @return the penalty's mean over the batch, a scalar
     */
    SDVariable apply(SameDiff sd, SDVariable code);

    /** The term of {@link #l1}. */
    Term SPARSITY = new Term("sparsity");

    /** The sparsity term {@link #SPARSITY}: {@code λ · mean_b Σ_k |z_bk|}. */
    static CodePenalty l1(double lambda) {
        return new L1(lambda);
    }

    /** {@code λ · mean_b Σ_k |z_bk|}, logged as {@link #SPARSITY}. */
    record L1(double lambda) implements CodePenalty {
        public L1 {
            if (!(lambda > 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("an L1 penalty needs a positive finite weight, got " + lambda);
            }
        }

        @Override
        public Term term() {
            return SPARSITY;
        }

        @Override
        public SDVariable apply(SameDiff sd, SDVariable code) {
            return sd.math.abs(code).sum(1).mean().mul(lambda);
        }
    }
}
