package org.ae4j.core.nn;

import org.ae4j.core.data.HostArrays;
import org.ae4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Weight initializers drawing from the run's {@link Rng}, so that a seed fixes the initial weights
 * independently of ND4J's global random state.
 */
public final class Init {
    private Init() {
    }

    /** He et al. (2015): N(0, 2/fanIn). Shape [fanIn, fanOut]. */
    public static INDArray heNormal(Rng rng, int fanIn, int fanOut, DataType type) {
        double std = Math.sqrt(2.0 / fanIn);
        double[] w = new double[fanIn * fanOut];
        for (int i = 0; i < w.length; i++) {
            w[i] = std * rng.nextGaussian();
        }
        return HostArrays.of(w, new long[] {fanIn, fanOut}, type);
    }

    /** Glorot &amp; Bengio (2010): U(-a, a) with a = sqrt(6/(fanIn+fanOut)). Shape [fanIn, fanOut]. */
    public static INDArray glorotUniform(Rng rng, int fanIn, int fanOut, DataType type) {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        double[] w = new double[fanIn * fanOut];
        for (int i = 0; i < w.length; i++) {
            w[i] = a * (2 * rng.nextDouble() - 1);
        }
        return HostArrays.of(w, new long[] {fanIn, fanOut}, type);
    }
}
