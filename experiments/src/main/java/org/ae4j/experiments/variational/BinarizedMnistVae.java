package org.ae4j.experiments.variational;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.model.PerDatapointPosterior;
import org.ae4j.core.model.Vae;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.random.Rng;
import org.ae4j.core.runs.RunDir;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.experiments.MnistSplits;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A VAE trained on dynamically binarized MNIST (the setting of Burda et al. 2016), with the first test
 * images binarized once by a seeded generator: where the VAE inference experiments start.
 *
 * @param test the first test images of its setup, binarized, [N, 784]
 */
record BinarizedMnistVae(Vae vae, INDArray test, History history) {
    /** The VAE of Burda et al. (2016) with one stochastic layer: 784-200-200-50, tanh, Bernoulli decoder, k = 1. */
    static final Vae.Spec ONE_STOCHASTIC_LAYER = new Vae.Spec(List.of(784, 200, 200), Activation.TANH, 50,
            new Bernoulli(), 1, 1.0);

    /**
     * The VAE to train and its data: a spec taking MNIST's pixels, the image counts (the first {@code examples.test()}
     * test images are the ones binarized) and the training.
     */
    record Setup(Vae.Spec spec, MnistSplits.Sizes examples, TrainConfig train) {
        Setup {
            if (spec.encoderSizes().get(0) != Mnist.PIXELS) {
                throw new IllegalArgumentException("the VAE must take " + Mnist.PIXELS + " pixels, got "
                        + spec.encoderSizes());
            }
            Objects.requireNonNull(examples, "examples");
            Objects.requireNonNull(train, "train");
        }

        /**
         * What the inference experiments (amortization gap, gradient variance) study, on {@code testImages} test
         * images: the VAE with one stochastic layer, trained on 5,000 images for 2 epochs (quick) or on 55,000 for 20
         * with the learning rate decaying to 1e-4.
         */
        static Setup forInference(RunOptions o, int testImages) {
            return o.quick()
                    ? new Setup(ONE_STOCHASTIC_LAYER, new MnistSplits.Sizes(5_000, 500, testImages),
                    new TrainConfig(o.epochsOr(2), 100, 1e-3, o.seed()))
                    : new Setup(ONE_STOCHASTIC_LAYER, new MnistSplits.Sizes(55_000, 5_000, testImages),
                    new TrainConfig(o.epochsOr(20), 100, 1e-3, 1e-4, o.seed()));
        }
    }

    /** Trains (or resumes) the VAE of {@code setup} in {@code dir}; weights, binarization and noise from its seed. */
    static BinarizedMnistVae train(RunContext ctx, Setup setup, RunDir dir) throws IOException {
        MnistSplits data = MnistSplits.load(ctx.data(), setup.examples());
        long seed = setup.train().seed();
        INDArray test = Bernoulli.sample(data.test().x(), Rng.seeded(seed, "test-binarization"));
        Vae vae = new Vae(setup.spec(), Rng.seeded(seed, "init"), DataType.FLOAT);
        return new BinarizedMnistVae(vae, test, data.fit(vae.binarizedTrainGraph(), setup.train(), dir));
    }

    /** A q per test image, {@code samples} samples a step, each starting at the encoder's output for its image. */
    PerDatapointPosterior perDatapoint(int samples) {
        return new PerDatapointPosterior(vae, test, vae.encode(test), samples);
    }
}
