package org.ae4j.experiments.deep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.eval.Reconstruction;
import org.ae4j.core.loss.Term;
import org.ae4j.core.model.Autoencoder;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.MnistSplits;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.Section;
import org.ae4j.experiments.TrainedAutoencoder;
import org.ae4j.viz.Charts;
import org.ae4j.viz.ImageGrid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small MLP auto-encoder on MNIST with a Bernoulli decoder: the end-to-end proof of the pipeline.
 * Trains on the first 55,000 training images, holds out the last 5,000, and reports the test set's
 * reconstruction error as the lecture measures it: per image, the sum over 784 pixels of squared error.
 */
public final class MnistAutoencoder implements Experiment {

    @Override
    public About about() {
        return About.of("mnist-ae", Section.DEEP, "3–7")
                .claim("""
                        An auto-encoder learns a code from which its input can be reconstructed.
                        """)
                .description("MLP auto-encoder 784-512-256-32 on MNIST: reconstructions and test squared error")
                .figure("reconstructions", "Test digits and their reconstructions through a 32-d code.")
                .figure("training-curves", "Training and held-out loss.")
                .headline("test_sq_err", "test_bce");
    }

    /** Sizes from the input to the code; the decoder mirrors them. */
    public record Config(List<Integer> encoderSizes, Activation hidden, MnistSplits.Sizes examples, TrainConfig train)
            implements TrainedAutoencoder.Settings {
        public Config {
            encoderSizes = MnistSplits.pixelsIn(encoderSizes);
            Objects.requireNonNull(examples, "examples");
        }

        static Config of(RunOptions o) {
            TrainConfig train = new TrainConfig(o.epochsOr(o.quick() ? 2 : 20), 128, 1e-3, o.seed());
            MnistSplits.Sizes examples =
                    o.quick() ? new MnistSplits.Sizes(10_000, 1_000, 2_000) : MnistSplits.Sizes.FULL;
            return new Config(List.of(784, 512, 256, 32), Activation.RELU, examples, train);
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);

        TrainedAutoencoder trained = TrainedAutoencoder.train(ctx, config);
        Autoencoder model = trained.model();
        History history = trained.history();
        Dataset test = trained.data().test();

        INDArray reconstructions = model.reconstruct(test.x());
        double sqErr = Reconstruction.squaredError(reconstructions, test.x());
        Map<String, Double> testLoss = Trainer.evaluate(model.trainGraph(), test, 1000,
                new Trainer(config.train()).evaluationRng());

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
