package org.ae4j.experiments.denoising;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.eval.Reconstruction;
import org.ae4j.core.loss.Term;
import org.ae4j.core.model.Corruption;
import org.ae4j.core.model.DenoisingAutoencoder;
import org.ae4j.core.nn.Activation;
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
import org.ae4j.experiments.TrainedAutoencoder;
import org.ae4j.viz.Charts;
import org.ae4j.viz.ImageGrid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Denoising auto-encoders on MNIST (Vincent et al. 2008, 2010): one DAE per corruption type and level,
 * trained to reconstruct the clean image from a freshly corrupted one at every step, beside a plain
 * auto-encoder of the same shape as the control. On test images corrupted with a fixed seed it reports
 * the squared error per image of the corrupted input, of the plain AE's output and of the DAE's output.
 *
 * <p>Metric keys: {@code test_sq_err_noisy_<type>_<level>}, {@code test_sq_err_plain_ae_<type>_<level>},
 * {@code test_sq_err_denoised_<type>_<level>}; the first level of each type is also reported without
 * the level suffix.
 */
public final class DaeMnist implements Experiment {

    @Override
    public About about() {
        return About.of("dae-mnist", Section.DENOISING, "30")
                .claim("""
                        Trained to remove added noise, the network keeps the structure of images and removes the noise.
                        """)
                .description("denoising AEs on MNIST (Gaussian, masking, salt-and-pepper at two levels) vs the "
                        + "corrupted input and a plain AE")
                .figure("denoising-", "Clean, corrupted and denoised test digits for one corruption.")
                .figure("held-out-loss", "Held-out denoising error of each model during training.")
                .headline("test_sq_err_noisy_gaussian_0.3", "test_sq_err_plain_ae_gaussian_0.3",
                        "test_sq_err_denoised_gaussian_0.3", "test_sq_err_denoised_gaussian_0.5",
                        "test_sq_err_denoised_masking_0.25", "test_sq_err_denoised_masking_0.5",
                        "test_sq_err_denoised_salt_and_pepper_0.1", "test_sq_err_denoised_salt_and_pepper_0.3");
    }

    /** Each corruption gets its own DAE; the plain AE shares sizes, activation and training. */
    public record Config(List<Integer> encoderSizes, Activation hidden, List<Corruption> corruptions,
                         MnistSplits.Sizes examples, TrainConfig train) implements TrainedAutoencoder.Settings {
        public Config {
            encoderSizes = MnistSplits.pixelsIn(encoderSizes);
            corruptions = List.copyOf(corruptions);
            if (corruptions.isEmpty()) {
                throw new IllegalArgumentException("dae-mnist needs at least one corruption");
            }
            if (examples.test() < 10) {
                throw new IllegalArgumentException("dae-mnist shows 10 test images, got " + examples.test());
            }
        }

        static Config of(RunOptions o) {
            TrainConfig train = new TrainConfig(o.epochsOr(o.quick() ? 2 : 10), 128, 1e-3, o.seed());
            List<Corruption> corruptions = List.of(
                    new Corruption.AdditiveGaussian(0.3), new Corruption.AdditiveGaussian(0.5),
                    new Corruption.Masking(0.25), new Corruption.Masking(0.5),
                    new Corruption.SaltAndPepper(0.1), new Corruption.SaltAndPepper(0.3));
            List<Integer> sizes = List.of(784, 512, 128);
            MnistSplits.Sizes examples = o.quick() ? new MnistSplits.Sizes(5_000, 500, 1_000) : MnistSplits.Sizes.FULL;
            return new Config(sizes, Activation.RELU, corruptions, examples, train);
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);

        MnistSplits data = MnistSplits.load(ctx.data(), config.examples());
        Dataset test = data.test();
        List<Charts.Series> curves = new ArrayList<>();

        // Each model trains in its own models/<id>/ directory, so a resumed run skips finished models.
        TrainedAutoencoder plain = TrainedAutoencoder.train(data, config, ctx.dir().model("plain"));
        curves.add(heldOutCurve("plain AE", plain.history()));

        Map<String, Double> metrics = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder("| corruption | corrupted input | plain AE | denoising AE |\n"
                + "|---|---:|---:|---:|\n");
        int[] shown = IntStream.range(0, 10).toArray();
        for (Corruption corruption : config.corruptions()) {
            String id = corruption.key() + "_" + corruption.level();
            DenoisingAutoencoder dae = new DenoisingAutoencoder(config.encoderSizes(), config.hidden(), new Bernoulli(),
                    corruption, Rng.seeded(config.train().seed(), "init"), DataType.FLOAT);
            History history = data.fit(dae.trainGraph(), config.train(), ctx.dir().model(id));
            curves.add(heldOutCurve("DAE " + corruption.describe(), history));

            INDArray corrupted = corruption.apply(test.x(), Rng.seeded(config.train().seed(), "test-" + id));
            INDArray denoised = dae.reconstruct(corrupted);
            double noisy = Reconstruction.squaredError(corrupted, test.x());
            double plainErr = Reconstruction.squaredError(plain.model().reconstruct(corrupted), test.x());
            double daeErr = Reconstruction.squaredError(denoised, test.x());
            report(metrics, corruption, "test_sq_err_noisy_", noisy);
            report(metrics, corruption, "test_sq_err_plain_ae_", plainErr);
            report(metrics, corruption, "test_sq_err_denoised_", daeErr);
            table.append(String.format("| %s | %.2f | %.2f | %.2f |%n", corruption.describe(), noisy, plainErr, daeErr));

            // Rows: clean, corrupted, denoised.
            ImageGrid.write(ctx.dir().figure("denoising-" + id), Nd4j.vstack(test.x().getRows(shown),
                    corrupted.getRows(shown), denoised.getRows(shown)), Mnist.SIDE, Mnist.SIDE, shown.length, 3);
        }

        Charts.lines(curves, "dae-mnist: held-out Bernoulli NLL of the clean image", "epoch", "nats per image",
                false, false, ctx.dir().figure("held-out-loss"));
        AtomicWrite.string(ctx.dir().file("denoising.md"), "Test squared error per image (sum over 784 pixels), "
                + config.examples().test() + " test images\n\n" + table);
        ctx.dir().writeMetrics(metrics);
    }

    private static Charts.Series heldOutCurve(String name, History history) {
        return new Charts.Series(name, history.epochs().stream().mapToDouble(EpochResult::epoch).toArray(),
                history.epochs().stream().mapToDouble(e -> Term.TOTAL.in(e.valid())).toArray());
    }

    /** Under {@code <prefix><type>_<level>}, and under {@code <prefix><type>} for the type's first level. */
    private static void report(Map<String, Double> metrics, Corruption corruption, String prefix, double value) {
        metrics.put(prefix + corruption.key() + "_" + corruption.level(), value);
        metrics.putIfAbsent(prefix + corruption.key(), value);
    }
}
