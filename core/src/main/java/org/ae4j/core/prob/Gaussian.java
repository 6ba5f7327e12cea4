package org.ae4j.core.prob;

import org.ae4j.core.nn.Reduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Isotropic Gaussian observations with a fixed standard deviation: {@code p(x | μ) = N(x; μ, σ² I)},
 * where the decoder outputs μ. Maximizing it is least squares scaled by 1/(2σ²).
 *
 * @param sigma the standard deviation, positive and finite
 */
public record Gaussian(double sigma) implements Likelihood {
    public Gaussian {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("a Gaussian likelihood needs a positive finite sigma, got " + sigma);
        }
    }

    /**
     * {@code log N(x; μ, σ² I) = -||x - μ||² / (2σ²) - D (log σ + log(2π) / 2)}.
     *
     * @param mean [B, D]; @param x [B, D]
     * @return [B]
     */
    @Override
    public SDVariable logProb(SameDiff sd, SDVariable mean, SDVariable x, long d) {
        SDVariable diff = x.sub(mean);                                                  // [B, D]
        return Reduce.sumLast(diff.mul(diff).div(-2 * sigma * sigma)
                .sub(Math.log(sigma) + 0.5 * Math.log(2 * Math.PI)), d);                 // [B]
    }

    /** Each dimension's mean. */
    @Override
    public INDArray baseRate(INDArray x) {
        return x.mean(0).reshape(1, -1);
    }

    @Override
    public SDVariable mean(SameDiff sd, SDVariable mean, long d) {
        return sd.identity(mean);
    }
}
