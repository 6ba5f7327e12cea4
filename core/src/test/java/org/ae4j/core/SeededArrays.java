package org.ae4j.core;

import org.ae4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded test inputs: the same values in every run and on every thread (ND4J's generator is per thread). */
public final class SeededArrays {
    private SeededArrays() {
    }

    /**
     * Uniform [0, 1) values, DOUBLE [rows, cols]: inputs of tests and gradient checks (unseeded inputs made a ReLU
     * check flaky when a pre-activation landed within the finite-difference step of the kink).
     */
    public static INDArray uniform(long seed, int rows, int cols) {
        Rng rng = Rng.seeded(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble();
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }
}
