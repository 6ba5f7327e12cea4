package org.ae4j.core.prob;

import java.util.Optional;
import org.ae4j.core.loss.BernoulliMeanNll;
import org.ae4j.core.loss.FusibleTerm;
import org.ae4j.core.nn.Reduce;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Independent Bernoulli pixels parametrized by logits l: {@code p(x_d = 1) = σ(l_d)}. Targets may be
 * grey levels in [0, 1], in which case the log-likelihood is the negative binary cross-entropy.
 */
public record Bernoulli() implements Likelihood {

    @Override
    public SDVariable logProb(SameDiff sd, SDVariable logits, SDVariable x, long d) {
        return logProbFromLogits(sd, logits, x, d);
    }

    @Override
    public SDVariable mean(SameDiff sd, SDVariable logits, long d) {
        return sd.nn.sigmoid(logits);
    }

    /** Each dimension's log-odds {@code log(m / (1 − m))} of its mean m, clipped to [1e-6, 1 − 1e-6]. */
    @Override
    public INDArray baseRate(INDArray x) {
        INDArray m = Transforms.max(Transforms.min(x.mean(0).reshape(1, -1), 1 - 1e-6), 1e-6);
        return Transforms.log(m.div(m.rsub(1.0)), false);
    }

    /** A {@link BernoulliMeanNll}: the term is the Bernoulli cross-entropy of logits against the targets. */
    @Override
    public Optional<FusibleTerm> meanNllTerm(String params, String target, int samples, String output) {
        return Optional.of(new BernoulliMeanNll(params, target, samples, output));
    }

    /**
     * {@code log p(x | l) = sum_d [x_d l_d - softplus(l_d)]}, with
     * {@code softplus(l) = max(l, 0) + log1p(exp(-|l|))} so that large |l| never overflows. max(l, 0) is written
     * (l + |l|) / 2: SameDiff differentiates relu and |·| at exactly 0 as 0, which made d softplus / dl = 0 there
     * instead of σ(0) = 1/2 (a ReLU network whose every hidden unit is off for an example, with zero-initialized
     * output biases, has logits exactly 0: the gradient check failed on 1 in 5 random inputs).
     *
     * @param logits shape [B, D]
     * @param x      targets in [0, 1], shape [B, D]
     * @param d      D
     * @return per-example log-likelihood, shape [B]
     */
    public static SDVariable logProbFromLogits(SameDiff sd, SDVariable logits, SDVariable x, long d) {
        return Reduce.sumLast(x.mul(logits).sub(softplus(sd, logits)), d);      // [B]
    }

    /** {@code softplus(l) = log(1 + exp(l))} elementwise, stable and with derivative σ(0) = 1/2 at 0 (see above). */
    public static SDVariable softplus(SameDiff sd, SDVariable logits) {
        SDVariable abs = sd.math.abs(logits);
        return logits.add(abs).mul(0.5).add(log1pExpNeg(sd, abs));
    }

    /**
     * {@code softplus(l) − l/2 = |l|/2 + log1p(exp(−|l|))} (= log 2cosh(l/2)), elementwise and stable: the even
     * part of softplus, for losses that sum the linear part l/2 some cheaper way. Its derivative at 0 is 0
     * (SameDiff's sign(0) = 0), as an even function's must be, so σ(0) = 1/2 there comes from that linear part.
     */
    public static SDVariable evenSoftplus(SameDiff sd, SDVariable logits) {
        SDVariable abs = sd.math.abs(logits);
        return abs.mul(0.5).add(log1pExpNeg(sd, abs));
    }

    /** {@code log1p(exp(−a))} for a = |l| ≥ 0: exp never overflows. */
    private static SDVariable log1pExpNeg(SameDiff sd, SDVariable abs) {
        return sd.math.log1p(sd.math.exp(abs.neg()));
    }

    /**
     * A draw x ~ Bernoulli(p) per entry (dynamic binarization of grey levels read as probabilities): a new array
     * of p's shape and type whose entries are 1 with probability equal to p's entry and 0 otherwise. One {@code rng.nextFloat()} per entry in row-major order, so the same
     * seed gives the same result. Pure: {@code p} is not modified.
     *
     * @throws IllegalArgumentException if an entry is outside [0, 1] (e.g. unscaled 0..255 pixels)
     */
    public static INDArray sample(INDArray probabilities, Rng rng) {
        // dup gives a fresh row-major buffer of exactly x.length() floats, which we overwrite in place.
        float[] p = probabilities.castTo(DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; i < p.length; i++) {
            float q = p[i];
            if (!(q >= 0f && q <= 1f)) {
                throw new IllegalArgumentException("Bernoulli sampling needs probabilities in [0, 1], entry " + i + " is " + q);
            }
            p[i] = rng.nextFloat() < q ? 1f : 0f;
        }
        return Nd4j.create(p, probabilities.shape(), DataType.FLOAT).castTo(probabilities.dataType());
    }
}
