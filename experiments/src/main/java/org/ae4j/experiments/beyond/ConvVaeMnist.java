package org.ae4j.experiments.beyond;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.eval.ActiveUnits;
import org.ae4j.core.loss.Term;
import org.ae4j.core.model.ConvSpec;
import org.ae4j.core.model.Objective;
import org.ae4j.core.model.Vae;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.ConvStack.ImageShape;
import org.ae4j.core.nn.ConvStack.Layer;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.random.Rng;
import org.ae4j.core.runs.AtomicWrite;
import org.ae4j.core.train.EpochResult;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.MnistSplits;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.Section;
import org.ae4j.viz.Charts;
import org.ae4j.viz.ImageGrid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A convolutional VAE against the MLP VAE of {@code vae-mnist-nll} on dynamically binarized MNIST, at one budget and
 * one code size (K = 50): the MLP is Burda et al.'s one-stochastic-layer model (784-200-200-50, tanh); the
 * convolutional one reads the image through two strided 4 × 4 convolutions (32 and 64 channels, 28 → 14 → 7, ReLU)
 * and decodes through a dense layer to 64 × 7 × 7 and the two convolutions mirrored. Both are scored by the
 * importance-sampled test NLL and the ELBO, with their parameter counts and seconds per epoch beside them.
 */
public final class ConvVaeMnist implements Experiment {

    @Override
    public About about() {
        return About.of("conv-vae-mnist", Section.BEYOND, "41–48")
                .claim("""
                        Convolutions share weights across the image; does that buy a convolutional VAE a lower test NLL
                        on binarized MNIST than the MLP VAE of the same code size, at the same budget?
                        """)
                .description("a convolutional VAE against the MLP VAE on binarized MNIST: test NLL, ELBO, parameters, "
                        + "seconds per epoch, samples and reconstructions")
                .figure("held-out-bound", "Each model's negative ELBO on the held-out images during training.")
                .figure("samples-", "Decoded means of codes drawn from the prior.")
                .figure("reconstructions-", "Eight test digits (top row) and the decoded means of their codes (bottom row).")
                .headline("test_nll_conv", "test_nll_mlp", "seconds_per_epoch_conv");
    }

    /**
     * @param latent      K, of both models
     * @param mlpSizes    the MLP encoder's widths from the pixels; its decoder mirrors it
     * @param convLayers  the convolutional encoder's layers from the 1 × 28 × 28 image; its decoder mirrors them
     * @param examples    training, held-out and test images
     * @param evalSamples k of the test NLL
     * @param evalImages  how many test images (from the first) the NLL is estimated on; the ELBO uses all
     * @param train       epochs, batch, learning rate cosine-decayed to its floor, seed
     */
    public record Config(int latent, List<Integer> mlpSizes, List<Layer> convLayers, MnistSplits.Sizes examples,
                         int evalSamples, int evalImages, TrainConfig train) {
        public Config {
            mlpSizes = MnistSplits.pixelsIn(mlpSizes);
            convLayers = List.copyOf(convLayers);
            Objects.requireNonNull(examples, "examples");
            Objects.requireNonNull(train, "train");
            if (latent < 1 || evalSamples < 1 || evalImages < 1 || evalImages > examples.test()) {
                throw new IllegalArgumentException("need K >= 1, k >= 1 and 1 <= NLL images <= " + examples.test()
                        + " test images; got " + latent + ", " + evalSamples + ", " + evalImages);
            }
            conv(latent, convLayers); // refuses layers that do not fit the image
        }

        static Config of(RunOptions o) {
            List<Layer> layers = List.of(Layer.conv(32, 4, 2, 1), Layer.conv(64, 4, 2, 1));
            return o.quick()
                    ? new Config(50, List.of(784, 200, 200), layers, new MnistSplits.Sizes(300, 50, 50), 20, 50,
                    new TrainConfig(o.epochsOr(1), 50, 1e-3, 1e-4, o.seed()))
                    : new Config(50, List.of(784, 200, 200), layers, MnistSplits.Sizes.FULL, 5000, 1000,
                    new TrainConfig(o.epochsOr(100), 100, 1e-3, 1e-5, o.seed()));
        }
    }

    /** The convolutional VAE of this experiment (and of the {@code conv-vae-mnist} benchmark), on the ELBO. */
    public static ConvSpec conv(int latent, List<Layer> layers) {
        return new ConvSpec(new ImageShape(1, Mnist.SIDE, Mnist.SIDE), layers, Activation.RELU, latent,
                new Bernoulli(), new Objective.BetaElbo(1, 1.0));
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);
        long seed = config.train().seed();
        MnistSplits data = MnistSplits.load(ctx.data(), config.examples());
        INDArray test = Bernoulli.sample(data.test().x(), Rng.seeded(seed, "test-binarization"));
        INDArray nllImages = test.rows() == config.evalImages() ? test
                : test.get(NDArrayIndex.interval(0, config.evalImages()),
                NDArrayIndex.all());

        Map<String, Vae.Parts> models = new LinkedHashMap<>();
        models.put("mlp", new Vae.Spec(config.mlpSizes(), Activation.TANH, config.latent(), new Bernoulli(),
                new Objective.BetaElbo(1, 1.0)).parts());
        models.put("conv", conv(config.latent(), config.convLayers()).parts());

        Map<String, Double> metrics = new LinkedHashMap<>();
        List<Charts.Series> curves = new ArrayList<>();
        StringBuilder table = new StringBuilder(String.format("Test NLL in nats (k = %d importance samples on the "
                        + "first %d test images, binarized once) and −ELBO (one sample, all %d); every model trained "
                        + "for %d epochs of batches of %d, K = %d%n%n| model | parameters | test NLL | −ELBO | KL | "
                        + "active units | s per epoch |%n|---|---:|---:|---:|---:|---:|---:|%n", config.evalSamples(),
                nllImages.rows(), test.rows(), config.train().epochs(), config.train().batchSize(), config.latent()));
        for (Map.Entry<String, Vae.Parts> model : models.entrySet()) {
            String id = model.getKey();
            Vae vae = new Vae(model.getValue(), Rng.seeded(seed, "init-" + id), DataType.FLOAT);
            // Each model trains in its own models/<id>/ directory, so a resumed run skips a finished model.
            History history = data.fit(vae.binarizedTrainGraph(), config.train(), ctx.dir().model(id));
            double nll = -Arrays.stream(vae.logLikelihood(nllImages, config.evalSamples(),
                    Rng.seeded(seed, "importance-samples-" + id))).average().orElseThrow();
            double elbo = -Arrays.stream(vae.logLikelihood(test, 1, Rng.seeded(seed, "elbo-" + id))).average()
                    .orElseThrow();
            EpochResult last = history.epochs().get(history.epochs().size() - 1);
            double kl = Term.KL.in(last.valid());
            int active = ActiveUnits.count(vae.encode(test).mean(), 0.01);
            long parameters = vae.parameters().values().stream().mapToLong(INDArray::length).sum();
            double secondsPerEpoch = history.epochs().stream().mapToDouble(EpochResult::seconds).average().orElse(0);
            metrics.put("test_nll_" + id, nll);
            metrics.put("test_nll_elbo_" + id, elbo);
            metrics.put("held_out_kl_" + id, kl);
            metrics.put("active_units_" + id, (double) active);
            metrics.put("parameters_" + id, (double) parameters);
            metrics.put("seconds_per_epoch_" + id, secondsPerEpoch);
            table.append(String.format("| %s | %,d | %.2f | %.2f | %.2f | %d | %.1f |%n", id, parameters, nll, elbo, kl,
                    active, secondsPerEpoch));
            curves.add(new Charts.Series(id, history.epochs().stream().mapToDouble(EpochResult::epoch).toArray(),
                    history.epochs().stream().mapToDouble(e -> Term.TOTAL.in(e.valid())).toArray()));
            ImageGrid.write(ctx.dir().figure("samples-" + id), vae.sample(64, Rng.seeded(seed, "samples-" + id)),
                    Mnist.SIDE, Mnist.SIDE, 8, 2);
            INDArray shown = test.get(NDArrayIndex.interval(0, 8),
                    NDArrayIndex.all());
            ImageGrid.write(ctx.dir().figure("reconstructions-" + id),
                    Nd4j.vstack(shown, vae.decode(vae.encode(shown).mean())),
                    Mnist.SIDE, Mnist.SIDE, 8, 2);
        }
        metrics.put("epochs", (double) config.train().epochs());
        Charts.lines(curves, "conv-vae-mnist: negative ELBO on the held-out images", "epoch", "nats per image",
                false, false, ctx.dir().figure("held-out-bound"));
        AtomicWrite.string(ctx.dir().file("conv-vae.md"), table.toString());
        ctx.dir().writeMetrics(metrics);
    }
}
