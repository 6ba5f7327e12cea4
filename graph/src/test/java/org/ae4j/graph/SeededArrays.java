package org.ae4j.graph;

import org.ae4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded test inputs for the graph models' tests. */
public final class SeededArrays {
    private SeededArrays() {
    }

    /** Standard normal draws, DOUBLE [rows, cols], e.g. a fixed ε. */
    public static INDArray gaussian(long seed, int rows, int cols) {
        Rng rng = Rng.seeded(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }
}
