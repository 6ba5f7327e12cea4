package org.ae4j.experiments;

import java.io.IOException;
import org.ae4j.core.data.Mnist;
import org.ae4j.core.data.Rng;
import org.ae4j.core.model.Vae;
import org.ae4j.core.run.RunDir;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A VAE trained on dynamically binarized MNIST (the setting of Burda et al. 2016), with the first test
 * images binarized once by a seeded generator: where the VAE inference experiments start.
 *
 * @param test the binarized test images, [testExamples, 784]
 */
record BinarizedMnistVae(Vae vae, INDArray test, History history) {

    /** Trains (or resumes) in {@code dir}; weights, binarization and noise come from the config's seed. */
    static BinarizedMnistVae train(RunContext ctx, Vae.Spec spec, int trainExamples, int heldOutExamples,
                                   int testExamples, TrainConfig train, RunDir dir) throws IOException {
        MnistSplits data = MnistSplits.load(ctx.data(), trainExamples, heldOutExamples, testExamples);
        INDArray test = Mnist.binarize(data.test().x(), Rng.seeded(train.seed(), "test-binarization"));
        Vae vae = new Vae(spec, Rng.seeded(train.seed(), "init"), DataType.FLOAT);
        History history = new Trainer(train).fit(vae.binarizedTrainGraph(), data.train(), data.heldOut(), dir,
                EpochListener.NONE);
        return new BinarizedMnistVae(vae, test, history);
    }
}
