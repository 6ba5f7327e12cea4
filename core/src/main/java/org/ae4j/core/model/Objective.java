package org.ae4j.core.model;

import java.util.function.Function;
import org.ae4j.core.loss.LossTerms;
import org.ae4j.core.nn.Reduce;
import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.prob.Prior;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * What a {@link Vae} maximizes at each step, from S reparameterized samples z_s = μ + σ ε_s per example: the β-ELBO,
 * or a bound on log p(x) tighter than it built from the log importance weights
 * {@code log w_s = log p(x | z_s) + log p(z_s) − log q(z_s | x)}. The loss is the negative bound, a mean over the batch.
 * Every objective also reports the ELBO's two terms, "reconstruction" (−(1/S) Σ_s log p(x | z_s)) and "kl" (the
 * prior's KL from q), so that runs of different objectives log and plot alike; only for {@link BetaElbo} is the total
 * their sum.
 */
public sealed interface Objective {

    /** S, the samples per example the trainer draws at each step (ε is [B, S, K + E], E the prior's own). */
    int samples();

    /**
     * The loss from the samples' log-likelihoods.
     *
     * @param logLik {@code log p(x | z_s)}, [B, S]
     * @param eps    the ε that made z_s (and the prior's own, if it takes any), [B, S, K + E]
     */
    LossTerms loss(SDVariable logLik, SDVariable eps, DiagonalGaussian q, Prior prior);

    /**
     * The loss, for an objective that also needs the samples' log-likelihoods under another q of the same values
     * (PIWAE); the others ignore {@code logLikOf}.
     *
     * @param logLikOf {@code log p(x | z_s)} [B, S] of the samples z_s = μ' + σ' ε_s of a given q' = N(μ', σ'²)
     */
    default LossTerms loss(SDVariable logLik, Function<DiagonalGaussian, SDVariable> logLikOf, SDVariable eps,
                           DiagonalGaussian q, Prior prior) {
        return loss(logLik, eps, q, prior);
    }

    /**
     * Whether the reconstruction term is the only use of the samples' log-likelihoods in the loss, so an engine may
     * compute it in one fused pass.
     */
    default boolean reconstructionIsSeparable() {
        return false;
    }

    /**
     * The β-ELBO with the analytic KL (Kingma &amp; Welling 2014; Higgins et al. 2017):
     * {@code E_q[log p(x | z)] − β KL(q(z | x) ‖ p(z))}, the expectation a mean over L samples. β = 1 is the ELBO.
     */
    record BetaElbo(int samples, double beta) implements Objective {
        public BetaElbo {
            if (samples < 1 || !(beta >= 0) || !Double.isFinite(beta)) {
                throw new IllegalArgumentException("the β-ELBO needs L >= 1 samples and a finite β >= 0, got L = "
                        + samples + ", β = " + beta);
            }
        }

        @Override
        public LossTerms loss(SDVariable logLik, SDVariable eps, DiagonalGaussian q, Prior prior) {
            return Elbo.negative(logLik, samples, q, eps, prior, beta);
        }

        @Override
        public boolean reconstructionIsSeparable() {
            return true;
        }
    }

    /**
     * The importance-weighted bound (Burda et al. 2016, Eq. 8) trained with k samples:
     * {@code log (1/k) Σ_s w_s}. k = 1 is the ELBO with a one-sample KL.
     */
    record Iwae(int samples) implements Objective {
        public Iwae {
            if (samples < 1) {
                throw new IllegalArgumentException("the IWAE bound needs k >= 1 samples, got " + samples);
            }
        }

        @Override
        public LossTerms loss(SDVariable logLik, SDVariable eps, DiagonalGaussian q, Prior prior) {
            SDVariable bound = logMeanExp(Elbo.logWeights(logLik, q, eps, prior), samples);     // [B]
            return withElboTerms(bound.mean().neg().rename("negative_iwae_bound"), logLik, samples, q, eps, prior);
        }
    }

    /**
     * MIWAE (Rainforth et al. 2018): the mean of M independent IWAE bounds of K samples each,
     * {@code (1/M) Σ_m log (1/K) Σ_k w_mk}, with S = M·K samples; M = 1 is IWAE with K samples, K = 1 the ELBO with
     * M samples and a sampled KL.
     */
    record Miwae(int outer, int inner) implements Objective {
        public Miwae {
            if (outer < 1 || inner < 1) {
                throw new IllegalArgumentException("MIWAE needs M >= 1 bounds of K >= 1 samples, got M = " + outer
                        + ", K = " + inner);
            }
            if ((long) outer * inner > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("MIWAE's M·K = " + (long) outer * inner + " samples is too many");
            }
        }

        @Override
        public int samples() {
            return outer * inner;
        }

        /** The mean of the M bounds, [B], from log weights [B, M·K]. */
        SDVariable bound(SDVariable logW) {
            // Sample s = m·K + k: the M bounds are consecutive runs of K samples.
            SDVariable bounds = logMeanExp(logW.reshape(-1, inner), inner).reshape(-1, outer);   // [B, M]
            return Reduce.meanLast(bounds, outer);
        }

        @Override
        public LossTerms loss(SDVariable logLik, SDVariable eps, DiagonalGaussian q, Prior prior) {
            SDVariable bound = bound(Elbo.logWeights(logLik, q, eps, prior));                      // [B]
            return withElboTerms(bound.mean().neg().rename("negative_miwae_bound"), logLik, samples(), q, eps, prior);
        }
    }

    /**
     * CIWAE (Rainforth et al. 2018): {@code β · ELBO + (1 − β) · IWAE} over the same k samples, the ELBO here the
     * mean of the log weights; β = 1 is the ELBO with a sampled KL, β = 0 the IWAE bound.
     */
    record Ciwae(int samples, double beta) implements Objective {
        public Ciwae {
            if (samples < 1 || !(beta >= 0 && beta <= 1)) {
                throw new IllegalArgumentException("CIWAE needs k >= 1 samples and β in [0, 1], got k = " + samples
                        + ", β = " + beta);
            }
        }

        @Override
        public LossTerms loss(SDVariable logLik, SDVariable eps, DiagonalGaussian q, Prior prior) {
            SDVariable logW = Elbo.logWeights(logLik, q, eps, prior);                             // [B, k]
            SDVariable bound = Reduce.meanLast(logW, samples).mul(beta)
                    .add(logMeanExp(logW, samples).mul(1 - beta));                                 // [B]
            return withElboTerms(bound.mean().neg().rename("negative_ciwae_bound"), logLik, samples, q, eps, prior);
        }
    }

    /**
     * PIWAE (Rainforth et al. 2018): the decoder and the prior ascend the IWAE bound of all S = M·K samples, the
     * encoder the MIWAE bound of M groups of K, in one step. The loss is the surrogate
     * {@code IWAE(θ, φ̄) + MIWAE(θ, φ) − MIWAE(θ, φ̄)}, φ̄ the encoder's outputs with their gradient stopped (the samples
     * decoded twice): its θ-gradient is IWAE's, its φ-gradient MIWAE's, and its value the IWAE bound. With a prior
     * whose parameters the encoder shares (the VampPrior) the split is not PIWAE's.
     */
    record Piwae(int outer, int inner) implements Objective {
        public Piwae {
            if (outer < 1 || inner < 1 || (long) outer * inner > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("PIWAE needs M >= 1 groups of K >= 1 samples, M·K an int, got M = "
                        + outer + ", K = " + inner);
            }
        }

        @Override
        public int samples() {
            return outer * inner;
        }

        @Override
        public LossTerms loss(SDVariable logLik, SDVariable eps, DiagonalGaussian q, Prior prior) {
            throw new UnsupportedOperationException("PIWAE decodes its samples twice: give it their log-likelihoods "
                    + "under a q of stopped gradient");
        }

        @Override
        public LossTerms loss(SDVariable logLik, Function<DiagonalGaussian, SDVariable> logLikOf, SDVariable eps,
                              DiagonalGaussian q, Prior prior) {
            SameDiff sd = logLik.getSameDiff();
            DiagonalGaussian fixed = new DiagonalGaussian(new StopGradient(sd, q.mean()).outputVariable(),
                    new StopGradient(sd, q.logVar()).outputVariable(), q.dimension());
            SDVariable logW = Elbo.logWeights(logLik, q, eps, prior);                              // [B, S], θ and φ
            SDVariable logWFixed = Elbo.logWeights(logLikOf.apply(fixed), fixed, eps, prior);     // [B, S], θ only
            Miwae miwae = new Miwae(outer, inner);
            SDVariable bound = logMeanExp(logWFixed, samples())
                    .add(miwae.bound(logW)).sub(miwae.bound(logWFixed));                          // [B]
            return withElboTerms(bound.mean().neg().rename("negative_piwae_bound"), logLik, samples(), q, eps, prior);
        }
    }

    /** {@code total} with the ELBO's terms beside it ({@link Elbo#negative}'s parts). */
    private static LossTerms withElboTerms(SDVariable total, SDVariable logLik, int samples, DiagonalGaussian q,
                                           SDVariable eps, Prior prior) {
        return new LossTerms(total, Elbo.negative(logLik, samples, q, eps, prior, 1).parts());
    }

    /**
     * {@code log (1/n) Σ_i exp(v_i)} over each row: [N, n] to [N], computed as {@code m + log Σ exp(v − m)} with m the
     * row's maximum, so weights far from 0 neither overflow nor vanish. m's gradient cancels, so the gradient is the
     * softmax of v, exactly. (Rows only: SameDiff M2.1's keep-dims maximum over the last axis of a rank-3 array
     * reduced more than that axis.)
     */
    static SDVariable logMeanExp(SDVariable v, long n) {
        if (n == 1) {
            return v.getSameDiff().squeeze(v, -1);
        }
        SameDiff sd = v.getSameDiff();
        SDVariable max = v.max(true, 1);                                                          // [N, 1]
        SDVariable sum = sd.math().exp(v.sub(max)).sum(1);
        return sd.math().log(sum).add(sd.squeeze(max, 1)).sub(Math.log(n));
    }
}
