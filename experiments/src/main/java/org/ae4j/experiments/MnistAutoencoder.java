package org.ae4j.experiments;

import org.ae4j.core.loss.Term;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.stream.IntStream;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.Mnist;
import org.ae4j.core.data.Rng;
import org.ae4j.core.eval.Reconstruction;
import org.ae4j.core.model.Autoencoder;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.ae4j.experiments.viz.Charts;
import org.ae4j.experiments.viz.ImageGrid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small MLP auto-encoder on MNIST with a Bernoulli decoder: the end-to-end proof of the pipeline.
 * Trains on the first 55,000 training images, holds out the last 5,000, and reports the test set's
 * reconstruction error as the lecture measures it: per image, the sum over 784 pixels of squared error.
 */
public final class MnistAutoencoder implements Experiment {

    /** Sizes from the input to the code; the decoder mirrors them. */
    public record Config(List<Integer> encoderSizes, Activation hidden, int trainExamples, int heldOutExamples,
                         int testExamples, TrainConfig train) {
        public Config {
            encoderSizes = List.copyOf(encoderSizes);
            if (encoderSizes.get(0) != Mnist.PIXELS) {
                throw new IllegalArgumentException("the encoder must take " + Mnist.PIXELS + " pixels, got " + encoderSizes);
            }
            if (trainExamples < 1 || heldOutExamples < 1 || trainExamples + heldOutExamples > 60_000) {
                throw new IllegalArgumentException("need 1 <= train, held-out and train + held-out <= 60000; got "
                        + trainExamples + " + " + heldOutExamples);
            }
            if (testExamples < 1 || testExamples > 10_000) {
                throw new IllegalArgumentException("test examples must be in 1..10000, got " + testExamples);
            }
        }

        static Config of(RunOptions o) {
            TrainConfig train = new TrainConfig(o.epochsOr(o.quick() ? 2 : 20), 128, 1e-3, o.seed());
            return o.quick()
                    ? new Config(List.of(784, 512, 256, 32), Activation.RELU, 10_000, 1_000, 2_000, train)
                    : new Config(List.of(784, 512, 256, 32), Activation.RELU, 55_000, 5_000, 10_000, train);
        }
    }

    @Override
    public String name() {
        return "mnist-ae";
    }

    @Override
    public String description() {
        return "MLP auto-encoder 784-512-256-32 on MNIST: reconstructions and test squared error";
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = Config.of(ctx.options());
        ctx.writeConfig(config);

        MnistSplits data = MnistSplits.load(ctx.data(), config.trainExamples(), config.heldOutExamples(),
                config.testExamples());
        Dataset train = data.train();
        Dataset heldOut = data.heldOut();
        Dataset test = data.test();

        Autoencoder model = new Autoencoder(config.encoderSizes(), config.hidden(),
                Rng.seeded(config.train().seed(), "init"), DataType.FLOAT);
        Trainer trainer = new Trainer(config.train());
        History history = trainer.fit(model.trainGraph(), train, heldOut, ctx.dir(), EpochListener.NONE);

        INDArray reconstructions = model.reconstruct(test.x());
        double sqErr = Reconstruction.squaredError(reconstructions, test.x());
        Map<String, Double> testLoss = Trainer.evaluate(model.trainGraph(), test, 1000, trainer.evaluationRng());

        ImageGrid.write(ctx.dir().figure("reconstructions"),
                Nd4j.vstack(test.x().getRows(range(16)), reconstructions.getRows(range(16))), 28, 28, 16, 3);
        Charts.trainingCurves(history, "mnist-ae: Bernoulli negative log-likelihood", ctx.dir().figure("training-curves"));

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test_sq_err", sqErr);
        metrics.put("test_bce", Term.TOTAL.in(testLoss));
        metrics.put("epochs", (double) history.completedEpochs());
        metrics.put("train_seconds", history.epochs().stream().mapToDouble(e -> e.seconds()).sum());
        ctx.dir().writeMetrics(metrics);
    }

    private static int[] range(int n) {
        return IntStream.range(0, n).toArray();
    }
}
