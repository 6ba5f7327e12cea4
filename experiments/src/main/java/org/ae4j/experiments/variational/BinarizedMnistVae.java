package org.ae4j.experiments.variational;

import java.io.IOException;
import java.util.List;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.model.Vae;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.random.Rng;
import org.ae4j.core.runs.RunDir;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.experiments.MnistSplits;
import org.ae4j.experiments.RunContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A VAE trained on dynamically binarized MNIST (the setting of Burda et al. 2016), with the first test
 * images binarized once by a seeded generator: where the VAE inference experiments start.
 *
 * @param test the binarized test images, [testExamples, 784]
 */
record BinarizedMnistVae(Vae vae, INDArray test, History history) {
    /** The VAE of Burda et al. (2016) with one stochastic layer: 784-200-200-50, tanh, Bernoulli decoder, k = 1. */
    static final Vae.Spec ONE_STOCHASTIC_LAYER = new Vae.Spec(List.of(784, 200, 200), Activation.TANH, 50,
            new Bernoulli(), 1, 1.0);

    /** What an inference experiment's config says of its VAE and data. */
    interface Settings {
        Vae.Spec vae();

        int trainExamples();

        int heldOutExamples();

        /** How many test images to binarize. */
        int images();

        TrainConfig train();
    }

    /** Trains (or resumes) the VAE of {@code settings} in {@code dir}. */
    static BinarizedMnistVae train(RunContext ctx, Settings settings, RunDir dir) throws IOException {
        return train(ctx, settings.vae(), settings.trainExamples(), settings.heldOutExamples(), settings.images(),
                settings.train(), dir);
    }

    /** Trains (or resumes) in {@code dir}; weights, binarization and noise come from the config's seed. */
    static BinarizedMnistVae train(RunContext ctx, Vae.Spec spec, int trainExamples, int heldOutExamples,
                                   int testExamples, TrainConfig train, RunDir dir) throws IOException {
        MnistSplits data = MnistSplits.load(ctx.data(),
                new MnistSplits.Sizes(trainExamples, heldOutExamples, testExamples));
        INDArray test = Bernoulli.sample(data.test().x(), Rng.seeded(train.seed(), "test-binarization"));
        Vae vae = new Vae(spec, Rng.seeded(train.seed(), "init"), DataType.FLOAT);
        return new BinarizedMnistVae(vae, test, data.fit(vae.binarizedTrainGraph(), train, dir));
    }
}
