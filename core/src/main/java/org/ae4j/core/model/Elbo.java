package org.ae4j.core.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.ae4j.core.loss.LossTerms;
import org.ae4j.core.loss.Term;
import org.ae4j.core.nn.Reduce;
import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.prob.Likelihood;
import org.ae4j.core.prob.Prior;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The evidence lower bound as the composition of its parts (Kingma &amp; Welling 2014, Eq. 7):
 * {@code ELBO(x) = E_q(z|x)[log p(x | z)] − KL(q(z | x) || p(z))}, the expectation a Monte Carlo mean over
 * reparameterized samples. Used by the amortized {@link Vae} and by per-datapoint inference alike.
 */
public final class Elbo {
    private Elbo() {
    }

    /**
     * {@code log p(x | z_s)} for z_s = μ + σ ε_s, [B, S] from ε [B, S, K]; S may vary between calls.
     *
     * @param decoder maps codes [N, K] to the likelihood's parameters [N, P·D]
     * @param d       D, the data dimension
     */
    public static SDVariable logLikelihoodOfSamples(SameDiff sd, SDVariable x, DiagonalGaussian q, SDVariable eps,
                                                    UnaryOperator<SDVariable> decoder, Likelihood likelihood, int d) {
        return logLikelihoodOfSamples(sd, x, decodeSamples(q, eps, decoder), eps, likelihood, d);
    }

    /** The decoder's output for each z_s = μ + σ ε_s, [B*S, P*D] from ε [B, S, K], row b*S + s. */
    public static SDVariable decodeSamples(DiagonalGaussian q, SDVariable eps, UnaryOperator<SDVariable> decoder) {
        return decoder.apply(q.sample(eps).reshape(-1, q.dimension()));
    }

    /** {@code log p(x | z_s)}, [B, S], from the decoded samples {@code params} of {@link #decodeSamples}. */
    public static SDVariable logLikelihoodOfSamples(SameDiff sd, SDVariable x, SDVariable params, SDVariable eps,
                                                    Likelihood likelihood, int d) {
        SDVariable oneColumn = eps.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0, 1)); // [B, S, 1]
        SDVariable repeated = x.reshape(-1, 1, d).add(sd.zerosLike(oneColumn)).reshape(-1, d);  // [B*S, D], row b*S+s
        SDVariable perSample = likelihood.logProb(sd, params, repeated, d);                     // [B*S]
        SDVariable batchBySamples = sd.shape(eps).get(SDIndex.interval(0, 2));                // [2] = (B, S)
        return sd.reshape(perSample, batchBySamples);                                           // [B, S]
    }

    /**
     * The loss {@code −ELBO_β = reconstruction + β · kl}, named "negative_elbo", with parts
     * "reconstruction" (mean over the batch of −(1/L) Σ_s log p(x | z_s)) and "kl" (mean of the analytic KL).
     *
     * @param logLik  [B, L] from {@link #logLikelihoodOfSamples}
     * @param samples L
     * @param eps     the samples' ε, [B, L, K] (for a prior whose KL is estimated from them)
     */
    public static LossTerms negative(SDVariable logLik, int samples, DiagonalGaussian q, SDVariable eps, Prior prior,
                                     double beta) {
        SDVariable reconstruction = Reduce.meanLast(logLik, samples).neg().mean().rename(Term.RECONSTRUCTION.name());
        SDVariable kl = prior.klInClosedForm(q).orElseGet(() -> Reduce.meanLast(
                q.logProbOfSample(codeNoise(eps, q, prior)).sub(logPrior(q, eps, prior)), samples))
                .mean().rename(Term.KL.name());
        SDVariable total = reconstruction.add(kl.mul(beta)).rename("negative_elbo");
        Map<Term, SDVariable> parts = new LinkedHashMap<>();
        parts.put(Term.RECONSTRUCTION, reconstruction);
        parts.put(Term.KL, kl);
        return new LossTerms(total, parts);
    }

    /**
     * Importance weights {@code log p(x | z_s) + log p(z_s) − log q(z_s | x)}, [B, S] (Burda et al. 2016), with
     * ε [B, S, K + E] as {@link #codeNoise} describes.
     */
    public static SDVariable logWeights(SDVariable logLik, DiagonalGaussian q, SDVariable eps, Prior prior) {
        return logLik.add(logPrior(q, eps, prior)).sub(q.logProbOfSample(codeNoise(eps, q, prior)));
    }

    /** {@code log p(z_s)} of the samples z_s = μ + σ ε_s, [B, S] from ε [B, S, K + E]. */
    public static SDVariable logPrior(DiagonalGaussian q, SDVariable eps, Prior prior) {
        SameDiff sd = eps.getSameDiff();
        long k = q.dimension();
        int e = prior.noiseWidth();
        SDVariable z = q.sample(codeNoise(eps, q, prior)).reshape(-1, k);                          // [B*S, K]
        SDVariable noise = e == 0 ? null
                : eps.get(SDIndex.all(), SDIndex.all(), SDIndex.interval((int) k, (int) k + e)).reshape(-1, e);  // [B*S, E]
        return sd.reshape(prior.logProb(z, k, noise), sd.shape(eps).get(SDIndex.interval(0, 2)));
    }

    /**
     * The ε of the codes, [B, S, K], from a model's ε [B, S, K + E]: its first K values per sample make z_s; the
     * other E, if the prior takes any ({@link Prior#noiseWidth()}), are the prior's.
     */
    public static SDVariable codeNoise(SDVariable eps, DiagonalGaussian q, Prior prior) {
        return prior.noiseWidth() == 0 ? eps
                : eps.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0, (int) q.dimension()));
    }
}
