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
        return heNormal(rng, fanIn, new long[] {fanIn, fanOut}, type);
    }

    /** He et al. (2015): N(0, 2/fanIn) in any shape, e.g. a convolution's [kH, kW, in, out] with fanIn = kH·kW·in. */
    public static INDArray heNormal(Rng rng, int fanIn, long[] shape, DataType type) {
        double std = Math.sqrt(2.0 / fanIn);
        double[] w = new double[size(shape)];
        for (int i = 0; i < w.length; i++) {
            w[i] = std * rng.nextGaussian();
        }
        return HostArrays.of(w, shape, type);
    }

    /** Glorot &amp; Bengio (2010): U(-a, a) with a = sqrt(6/(fanIn+fanOut)). Shape [fanIn, fanOut]. */
    public static INDArray glorotUniform(Rng rng, int fanIn, int fanOut, DataType type) {
        return glorotUniform(rng, fanIn, fanOut, new long[] {fanIn, fanOut}, type);
    }

    /** Glorot &amp; Bengio (2010) in any shape, e.g. a convolution's with fans kH·kW·in and kH·kW·out. */
    public static INDArray glorotUniform(Rng rng, int fanIn, int fanOut, long[] shape, DataType type) {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        double[] w = new double[size(shape)];
        for (int i = 0; i < w.length; i++) {
            w[i] = a * (2 * rng.nextDouble() - 1);
        }
        return HostArrays.of(w, shape, type);
    }

    private static int size(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return Math.toIntExact(n);
    }
}
