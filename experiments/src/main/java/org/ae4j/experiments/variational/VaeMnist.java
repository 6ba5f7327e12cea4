package org.ae4j.experiments.variational;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.loss.Term;
import org.ae4j.core.model.Vae;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.MnistSplits;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.Section;
import org.ae4j.viz.Charts;
import org.ae4j.viz.ImageGrid;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The lecture's VAE on MNIST with a 2-d latent space (Kingma &amp; Welling 2014, Fig. 4): encoder means
 * of test digits coloured by label and decoded prior samples at several epochs, the decoded manifold
 * over the latent grid of Gaussian quantiles, and interpolations between encoded test digits.
 * Bernoulli decoder on grey levels; metrics on the test set with one ε per image:
 * {@code test_elbo} (nats, higher is better), {@code test_recon} (−E_q log p(x|z)), {@code test_kl}.
 */
public final class VaeMnist implements Experiment {

    @Override
    public About about() {
        return About.of("vae-mnist", Section.VARIATIONAL, "57–61, 84")
                .claim("""
                        A Gaussian encoder, a decoder and a standard normal prior trained on the ELBO: the latent space
                        and the samples during training, as on the lecture's MNIST slide.
                        """)
                .description("VAE with a 2-d latent on MNIST: latent space and prior samples during training, "
                        + "manifold, interpolation")
                .figure("latent-epoch-", "Encoder means of test digits (2-d latent), coloured by label, at one epoch.")
                .figure("samples-epoch-", "Decoded samples from the prior at one epoch.")
                .figure("manifold", "The decoder over a grid of Gaussian quantiles of the 2-d latent.")
                .figure("interpolations", "Decodings along straight lines between encoded test digits.")
                .figure("training-curves", "ELBO terms (reconstruction, KL) during training.")
                .headline("test_elbo", "test_recon", "test_kl");
    }

    public record Config(List<Integer> encoderSizes, Activation hidden, int latent, List<Integer> snapshotEpochs,
                         MnistSplits.Sizes examples, TrainConfig train) {
        public Config {
            encoderSizes = List.copyOf(encoderSizes);
            snapshotEpochs = List.copyOf(snapshotEpochs);
            if (encoderSizes.get(0) != Mnist.PIXELS || latent != 2) {
                throw new IllegalArgumentException("vae-mnist needs 784 inputs and a 2-d latent, got "
                        + encoderSizes + " and " + latent);
            }
            Objects.requireNonNull(examples, "examples");
        }

        static Config of(RunOptions o) {
            TrainConfig train = new TrainConfig(o.epochsOr(o.quick() ? 2 : 30), 128, 1e-3, o.seed());
            List<Integer> sizes = List.of(784, 512, 256);
            return o.quick()
                    ? new Config(sizes, Activation.RELU, 2, List.of(1, 2), new MnistSplits.Sizes(5_000, 500, 1_000),
                    train)
                    : new Config(sizes, Activation.RELU, 2, List.of(1, 2, 5, 10, 30), MnistSplits.Sizes.FULL, train);
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);
        long seed = config.train().seed();

        MnistSplits data = MnistSplits.load(ctx.data(), config.examples());
        Dataset test = data.test();
        Vae vae = new Vae(new Vae.Spec(config.encoderSizes(), config.hidden(), config.latent(), new Bernoulli(), 1, 1.0),
                Rng.seeded(seed, "init"), DataType.FLOAT);

        Set<Integer> snapshots = Set.copyOf(config.snapshotEpochs());
        History history = data.fit(vae.trainGraph(), config.train(), ctx.dir(), epoch -> {
            if (snapshots.contains(epoch.epoch()) || epoch.epoch() == config.train().epochs()) {
                snapshot(ctx, vae, test, epoch.epoch(), seed);
            }
        });

        ImageGrid.write(ctx.dir().figure("manifold"), vae.decode(quantileGrid(20)), Mnist.SIDE, Mnist.SIDE, 20, 1);
        ImageGrid.write(ctx.dir().figure("interpolations"), interpolations(vae, test, 8, 10), Mnist.SIDE, Mnist.SIDE,
                10, 2);
        Charts.trainingCurves(history, "vae-mnist: negative ELBO and its terms (nats per image)",
                ctx.dir().figure("training-curves"));

        Map<String, Double> terms = Trainer.evaluate(vae.trainGraph(), test, 1000,
                new Trainer(config.train()).evaluationRng());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test_elbo", -Term.TOTAL.in(terms));
        metrics.put("test_recon", Term.RECONSTRUCTION.in(terms));
        metrics.put("test_kl", Term.KL.in(terms));
        metrics.put("epochs", (double) history.completedEpochs());
        ctx.dir().writeMetrics(metrics);
    }

    /** Encoder means of the test digits by label, and 100 decoded prior samples (the same z every epoch). */
    private static void snapshot(RunContext ctx, Vae vae, Dataset test, int epoch, long seed) {
        try {
            Charts.scatterByLabel(vae.encode(test.x()).mean(), test.labels(),
                    "vae-mnist: encoder means of test digits, epoch " + epoch, "z1", "z2",
                    ctx.dir().figure(String.format("latent-epoch-%03d", epoch)));
            ImageGrid.write(ctx.dir().figure(String.format("samples-epoch-%03d", epoch)),
                    vae.sample(100, Rng.seeded(seed, "prior-samples")), Mnist.SIDE, Mnist.SIDE, 10, 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Codes on an {@code n x n} grid of standard-normal quantiles at probabilities (i + 0.5)/n, so that
     * equal areas of the grid hold equal prior mass (Kingma &amp; Welling 2014, Fig. 4): [n², 2], row by row
     * from the top (z2 decreasing), left to right (z1 increasing).
     */
    static INDArray quantileGrid(int n) {
        NormalDistribution normal = new NormalDistribution(0, 1);
        double[] q = IntStream.range(0, n).mapToDouble(i -> normal.inverseCumulativeProbability((i + 0.5) / n)).toArray();
        float[] z = new float[2 * n * n];
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                z[2 * (row * n + col)] = (float) q[col];
                z[2 * (row * n + col) + 1] = (float) q[n - 1 - row];
            }
        }
        return Nd4j.create(z, new long[] {(long) n * n, 2}, 'c');
    }

    /** For {@code pairs} pairs of test images: decoded codes on the segment between their encoder means. */
    private static INDArray interpolations(Vae vae, Dataset test, int pairs, int steps) {
        INDArray means = vae.encode(test.x().getRows(IntStream.range(0, 2 * pairs).toArray())).mean();
        INDArray codes = Nd4j.create(DataType.FLOAT, (long) pairs * steps, means.columns());
        for (int p = 0; p < pairs; p++) {
            INDArray a = means.getRow(2 * p);
            INDArray b = means.getRow(2 * p + 1);
            for (int s = 0; s < steps; s++) {
                double t = s / (double) (steps - 1);
                codes.putRow((long) p * steps + s, a.mul(1 - t).add(b.mul(t)));
            }
        }
        return vae.decode(codes);
    }
}
