package org.ae4j.core.train;

/**
 * How to train: Adam over shuffled minibatches, with the step size annealed along a half cosine from
 * {@code learningRate} at the first step to {@code finalLearningRate} at the last (Loshchilov &amp; Hutter
 * 2017); equal rates give a constant step size.
 *
 * @param epochs            passes over the training set, at least 1
 * @param batchSize         examples per step, at least 1
 * @param learningRate      Adam step size at the first step, positive and finite
 * @param finalLearningRate Adam step size at the last step, positive and at most {@code learningRate}
 * @param seed              seeds the shuffling, the noise and the evaluation noise
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, double finalLearningRate, long seed) {
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
        if (!(finalLearningRate > 0) || !(finalLearningRate <= learningRate)) {
            throw new IllegalArgumentException("the final learning rate must be in (0, " + learningRate + "], got "
                    + finalLearningRate);
        }
    }

    /** A constant learning rate. */
    public TrainConfig(int epochs, int batchSize, double learningRate, long seed) {
        this(epochs, batchSize, learningRate, learningRate, seed);
    }

    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(newEpochs, batchSize, learningRate, finalLearningRate, seed);
    }

    /**
     * The step size at 0-based {@code step} of {@code totalSteps}:
     * {@code final + (initial − final)(1 + cos(π step / (totalSteps − 1))) / 2}.
     */
    public double learningRateAt(long step, long totalSteps) {
        if (totalSteps <= 1 || learningRate == finalLearningRate) {
            return learningRate;
        }
        double progress = Math.min(1.0, (double) step / (totalSteps - 1));
        return finalLearningRate + (learningRate - finalLearningRate) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
