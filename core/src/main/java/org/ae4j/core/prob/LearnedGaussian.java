package org.ae4j.core.prob;

import org.ae4j.core.nn.Reduce;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gaussian observations whose mean and per-output log-variance the decoder both emits, the lecture's
 * {@code p(x | z) = N(μ̃(z), diag σ̃²(z))}: θ = [μ̃, log σ̃²] of width 2D.
 *
 * <p>Unbounded: on data with constant pixels (MNIST's border) the likelihood grows without limit as
 * σ̃ → 0, so use it on data with noise in every dimension, or watch the trainer's NaN guard.
 */
public record LearnedGaussian() implements Likelihood {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    @Override
    public int paramsPerDimension() {
        return 2;
    }

    /**
     * {@code Σ_d −((x_d − μ̃_d)² / σ̃_d² + log σ̃_d² + log 2π) / 2}.
     *
     * @param params [B, 2D], means then log-variances; @param x [B, D]
     * @return [B]
     */
    @Override
    public SDVariable logProb(SameDiff sd, SDVariable params, SDVariable x, long d) {
        SDVariable mean = params.get(SDIndex.all(), SDIndex.interval(0, (int) d));          // [B, D]
        SDVariable logVar = params.get(SDIndex.all(), SDIndex.interval((int) d, (int) (2 * d)));    // [B, D]
        SDVariable diff = x.sub(mean);
        SDVariable perDim = diff.mul(diff).mul(sd.math.exp(logVar.neg())).add(logVar).add(LOG_2PI).mul(-0.5);
        return Reduce.sumLast(perDim, d);
    }

    /** Each dimension's mean, then the log of its variance (floored at 1e-6, as a constant dimension has none). */
    @Override
    public INDArray baseRate(INDArray x) {
        INDArray mean = x.mean(0).reshape(1, -1);
        INDArray variance = Transforms.max(x.var(false, 0).reshape(1, -1), 1e-6);
        return Nd4j.hstack(mean, Transforms.log(variance, false));
    }

    @Override
    public SDVariable mean(SameDiff sd, SDVariable params, long d) {
        return params.get(SDIndex.all(), SDIndex.interval(0, (int) d));
    }
}
