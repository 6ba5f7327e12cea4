package org.ae4j.experiments;

import java.io.IOException;
import java.util.List;
import org.ae4j.core.model.Autoencoder;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.random.Rng;
import org.ae4j.core.runs.RunDir;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An MLP auto-encoder trained on MNIST as the deep and denoising experiments train it: weights from the seed's
 * "init" stream, then Adam on the training images with the held-out images evaluated after each epoch.
 */
public record TrainedAutoencoder(MnistSplits data, Autoencoder model, History history) {

    /** What an experiment's config says of the auto-encoder, its data and its training. */
    public interface Settings {
        /** Sizes from the input to the code; the decoder mirrors them. */
        List<Integer> encoderSizes();

        Activation hidden();

        MnistSplits.Sizes examples();

        TrainConfig train();
    }

    /** Loads the MNIST splits of {@code settings} and trains an auto-encoder on them in the run's directory. */
    public static TrainedAutoencoder train(RunContext ctx, Settings settings) throws IOException {
        return train(MnistSplits.load(ctx.data(), settings.examples()), settings, ctx.dir());
    }

    /** Trains an auto-encoder on {@code data} in {@code dir} (or resumes it there). */
    public static TrainedAutoencoder train(MnistSplits data, Settings settings, RunDir dir) {
        Autoencoder model = new Autoencoder(settings.encoderSizes(), settings.hidden(),
                Rng.seeded(settings.train().seed(), "init"), DataType.FLOAT);
        return new TrainedAutoencoder(data, model, data.fit(model.trainGraph(), settings.train(), dir));
    }
}
