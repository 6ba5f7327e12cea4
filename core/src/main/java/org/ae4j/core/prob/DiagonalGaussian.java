package org.ae4j.core.prob;

import org.ae4j.core.nn.Reduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A Gaussian with diagonal covariance, N(μ, diag σ²), as graph variables: what a VAE's encoder returns
 * for q(z | x) (Kingma &amp; Welling 2014, Sec. 2.4).
 *
 * @param mean      μ, [B, K]
 * @param logVar    log σ², [B, K]
 * @param dimension K (SameDiff M2.1 does not know the static shapes of computed variables)
 */
public record DiagonalGaussian(SDVariable mean, SDVariable logVar, long dimension) {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    public DiagonalGaussian {
        if (mean == null || logVar == null || dimension < 1) {
            throw new IllegalArgumentException("a diagonal Gaussian needs a mean, a log-variance and K >= 1");
        }
    }

    /**
     * The reparameterization trick: {@code z = μ + σ ⊙ ε} with ε ~ N(0, I) fed from outside, so that z
     * is a differentiable function of μ and σ.
     *
     * @param eps L draws per example, [B, L, K]
     * @return z, [B, L, K]
     */
    public SDVariable sample(SDVariable eps) {
        SameDiff sd = mean.getSameDiff();
        long k = dimension;
        SDVariable std = sd.math.exp(logVar.mul(0.5));
        return mean.reshape(-1, 1, k).add(std.reshape(-1, 1, k).mul(eps));
    }

    /**
     * {@code log q(z | x)} of the sample {@code z = μ + σ ε}, from ε directly:
     * {@code Σ_k −(ε_k² + log σ_k² + log 2π) / 2}.
     *
     * @param eps [B, L, K]
     * @return [B, L]
     */
    public SDVariable logProbOfSample(SDVariable eps) {
        long k = dimension;
        SDVariable perDim = eps.mul(eps).add(logVar.reshape(-1, 1, k)).add(LOG_2PI).mul(-0.5); // [B, L, K]
        return Reduce.sumLast(perDim, k);
    }

    /**
     * {@code log N(z; μ, diag σ²) = Σ_k −((z_k − μ_k)² / σ_k² + log σ_k² + log 2π) / 2} of given points.
     *
     * @param z [B, K], one point per row of μ
     * @return [B]
     */
    public SDVariable logProb(SDVariable z) {
        SDVariable diff = z.sub(mean);
        SDVariable perDim = diff.mul(diff).mul(mean.getSameDiff().math.exp(logVar.neg())).add(logVar).add(LOG_2PI)
                .mul(-0.5);
        return Reduce.sumLast(perDim, dimension);
    }

    /**
     * The analytic {@code KL(N(μ, diag σ²) || N(0, I)) = Σ_k (μ_k² + σ_k² − 1 − log σ_k²) / 2}
     * (Kingma &amp; Welling 2014, Appendix B).
     *
     * @return [B]
     */
    public SDVariable klToStandardNormal() {
        return Reduce.sumLast(klToStandardNormalPerDimension(), dimension);
    }

    /** The terms of {@link #klToStandardNormal()} before the sum: {@code (μ_k² + σ_k² − 1 − log σ_k²) / 2}, [B, K]. */
    public SDVariable klToStandardNormalPerDimension() {
        SameDiff sd = mean.getSameDiff();
        return mean.mul(mean).add(sd.math.exp(logVar)).sub(1.0).sub(logVar).mul(0.5);
    }

    /**
     * The standard normal log-density {@code Σ_k −(z_k² + log 2π) / 2} over the last dimension.
     *
     * @param z [..., K]
     * @return z's shape without its last dimension
     */
    public static SDVariable standardNormalLogProb(SDVariable z, long k) {
        return Reduce.sumLast(z.mul(z).add(LOG_2PI).mul(-0.5), k);
    }
}
