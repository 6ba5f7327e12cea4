package org.ae4j.core.train;

/**
 * How to train: Adam with a fixed learning rate over shuffled minibatches.
 *
 * @param epochs       passes over the training set, at least 1
 * @param batchSize    examples per step, at least 1
 * @param learningRate Adam step size, positive and finite
 * @param seed         seeds the shuffling, the noise and the evaluation noise
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, long seed) {
    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
    }

    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(newEpochs, batchSize, learningRate, seed);
    }
}
