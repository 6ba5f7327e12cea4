package org.ae4j.experiments.bench;

import java.util.Arrays;
import org.ae4j.core.data.DataDir;
import org.ae4j.core.data.Mnist;
import org.ae4j.core.data.Split;
import org.ae4j.core.linear.Pca;
import org.ae4j.core.run.Backend;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times {@code Pca.fit(x, 30)} on the 60,000 MNIST training images (FLOAT [60000, 784]): one warm-up fit
 * (native library loading, JIT, first-touch of memory), then the median of 3 timed fits. Run by
 * {@code scripts/bench-pca.sh}, which compares it with scikit-learn. Optional arguments: k, runs.
 */
public final class PcaBenchmark {
    private PcaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Backend.configure();
        int k = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        INDArray x = Mnist.load(DataDir.resolve(), Split.TRAIN).x();
        Pca pca = Pca.fit(x, k);
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            pca = Pca.fit(x, k);
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        System.out.printf("ae4j Pca.fit(%dx%d, k=%d): %.2f s (median of %d; %s, %d native thread(s))%n",
                x.rows(), x.columns(), k, seconds[runs / 2], runs, Backend.describe(),
                Nd4j.getEnvironment().maxThreads());
        System.out.printf("ae4j explained_variance_ratio_%d = %.5f%n", k,
                Arrays.stream(pca.explainedVarianceRatio()).sum());
    }
}
