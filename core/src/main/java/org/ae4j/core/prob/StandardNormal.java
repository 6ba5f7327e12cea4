package org.ae4j.core.prob;

import java.util.Optional;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The standard normal prior p(z) = N(0, I), whose KL from a diagonal Gaussian is analytic. */
public record StandardNormal() implements Prior {

    @Override
    public SDVariable logProb(SDVariable z, long k, SDVariable noise) {
        return DiagonalGaussian.standardNormalLogProb(z, k);
    }

    @Override
    public Optional<SDVariable> klInClosedForm(DiagonalGaussian q) {
        return Optional.of(q.klToStandardNormal());
    }

    @Override
    public INDArray sample(SameDiff sd, int n, int k, Rng rng, DataType type) {
        return sample(n, k, rng, type);
    }

    /** {@code n} codes from N(0, I), [n, k]. */
    public INDArray sample(int n, int k, Rng rng, DataType type) {
        if (n < 1 || k < 1) {
            throw new IllegalArgumentException("need n, k >= 1, got " + n + ", " + k);
        }
        float[] v = new float[Math.multiplyExact(n, k)];
        rng.fillGaussian(v);
        return Nd4j.create(v, new long[] {n, k}, 'c').castTo(type);
    }
}
