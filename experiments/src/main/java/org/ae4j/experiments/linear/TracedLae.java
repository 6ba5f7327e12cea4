package org.ae4j.experiments.linear;

import org.ae4j.core.linear.LinearAutoencoder;
import org.ae4j.core.linear.Pca;
import org.ae4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A linear auto-encoder trained full batch on the second moment of centered data, with its trace against PCA
 * (reconstruction gap, subspace distance, axis alignment) recorded as it trains.
 */
record TracedLae(LinearAutoencoder model, LaeTrace trace) {

    /** What an experiment's config says of the training. */
    interface Settings {
        /** Full-batch Adam steps. */
        int iterations();

        double learningRate();

        /** The standard deviation of the initial weights. */
        double initScale();
    }

    /**
     * Trains an auto-encoder with the L2 weights {@code lambdas} (one per code unit, zeros for none) from the seed's
     * "init" stream, recording its trace, labelled {@code name}, against {@code pca} of the same data.
     */
    static TracedLae train(String name, double[] lambdas, CenteredData data, Pca pca, Settings settings, long seed) {
        LinearAutoencoder model = LinearAutoencoder.onSecondMoment(data.dim(), lambdas, settings.initScale(),
                Rng.seeded(seed, "init"), DataType.DOUBLE);
        LaeTrace trace = new LaeTrace(name, data.secondMoment(), pca);
        trace.train(model, settings.iterations(), settings.learningRate(), seed);
        return new TracedLae(model, trace);
    }
}
