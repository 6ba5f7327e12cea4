package org.ae4j.core.train;

/**
 * How to train: Adam over shuffled minibatches, with the step size annealed along a half cosine from
 * {@code learningRate} at the first step to {@code finalLearningRate} at the last (Loshchilov &amp; Hutter
 * 2017); equal rates give a constant step size. A positive {@code weightDecay} λ makes it AdamW (Loshchilov
 * &amp; Hutter 2019): each step also shrinks the weight matrices by the factor 1 − η_t λ, η_t the step's rate.
 *
 * @param epochs            passes over the training set, at least 1
 * @param batchSize         examples per step, at least 1
 * @param learningRate      Adam step size at the first step, positive and finite
 * @param finalLearningRate Adam step size at the last step, positive and at most {@code learningRate}
 * @param seed              seeds the shuffling, the noise and the evaluation noise
 * @param weightDecay       decoupled weight decay λ, zero (plain Adam) or positive with η λ &lt; 1
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, double finalLearningRate, long seed,
                          double weightDecay) {
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
        if (!(weightDecay >= 0) || !(learningRate * weightDecay < 1)) {
            throw new IllegalArgumentException("weight decay must be at least 0 and below 1 / learning rate, got "
                    + weightDecay);
        }
    }

    /** Plain Adam, no weight decay. */
    public TrainConfig(int epochs, int batchSize, double learningRate, double finalLearningRate, long seed) {
        this(epochs, batchSize, learningRate, finalLearningRate, seed, 0);
    }

    /** A constant learning rate. */
    public TrainConfig(int epochs, int batchSize, double learningRate, long seed) {
        this(epochs, batchSize, learningRate, learningRate, seed);
    }

    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(newEpochs, batchSize, learningRate, finalLearningRate, seed, weightDecay);
    }

    /** This with decoupled weight decay λ (AdamW). */
    public TrainConfig withWeightDecay(double lambda) {
        return new TrainConfig(epochs, batchSize, learningRate, finalLearningRate, seed, lambda);
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
