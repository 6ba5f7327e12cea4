package org.ae4j.experiments.beyond;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.Split;
import org.ae4j.core.data.sets.CbclFaces;
import org.ae4j.core.loss.Term;
import org.ae4j.core.model.ConvSpec;
import org.ae4j.core.model.Noise;
import org.ae4j.core.model.Objective;
import org.ae4j.core.model.Vae;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.ConvStack.ImageShape;
import org.ae4j.core.nn.ConvStack.Layer;
import org.ae4j.core.prob.LearnedGaussian;
import org.ae4j.core.random.Rng;
import org.ae4j.core.runs.AtomicWrite;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.EpochResult;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.Section;
import org.ae4j.viz.Charts;
import org.ae4j.viz.ImageGrid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Convolutional and MLP VAEs of the CBCL faces (19 × 19, 256 grey levels) with the lecture's Gaussian decoder of
 * learned variance, p(x | z) = N(μ̃(z), diag σ̃²(z)). A density on grey levels is unbounded (σ̃ → 0 on a level), so
 * faces are dequantized (Theis et al. 2016): level i becomes (i + u) / 256 with u ~ U[0, 1), freshly at every step,
 * and the test NLL of the dequantized faces bounds the discrete one: bits per dimension = NLL / (D ln 2) + 8. The
 * convolutional model reads a face through two strided 3 × 3 convolutions (32 and 64 channels, 19 → 9 → 4, ReLU) and
 * decodes it through the two mirrored, to a plane of means and one of log-variances; the MLP is 361-512-256 (ReLU).
 * Both K = 20, trained on the first 90% of the 2,429 training faces, the rest held out; tested on the 472 test faces.
 */
public final class ConvVaeFaces implements Experiment {
    private static final int LEVELS = 256;

    @Override
    public About about() {
        return About.of("conv-vae-faces", Section.BEYOND, "41–48")
                .claim("""
                        A VAE whose Gaussian decoder learns its variance is a density model of faces, scored in bits per
                        pixel; here a convolutional one against an MLP with the same code size.
                        """)
                .description("convolutional and MLP VAEs of the CBCL faces with a learned-variance Gaussian decoder: "
                        + "test bits per dimension, samples, reconstructions, the decoder's standard deviations")
                .figure("held-out-bound", "Each model's negative ELBO on the held-out faces during training.")
                .figure("samples-", "Decoded means of codes drawn from the prior.")
                .figure("reconstructions-", "Test faces (top rows) and the decoded means of their codes (bottom rows).")
                .figure("std-", "The decoder's standard deviation σ̃ for the reconstructed test faces (white: the "
                        + "largest in the grid).")
                .headline("test_bits_per_dim_conv", "test_bits_per_dim_mlp");
    }

    /**
     * @param latent      K, of both models
     * @param mlpSizes    the MLP encoder's widths from the 361 pixels; its decoder mirrors it
     * @param convLayers  the convolutional encoder's layers from the 1 × 19 × 19 face; its decoder mirrors them
     * @param trainFaces  how many training faces (from the first) train; the rest of the 2,429 are held out
     * @param testFaces   how many test faces (from the first) are scored
     * @param evalSamples k of the test NLL
     * @param train       epochs, batch, learning rate cosine-decayed to its floor, seed
     */
    public record Config(int latent, List<Integer> mlpSizes, List<Layer> convLayers, int trainFaces, int testFaces,
                         int evalSamples, TrainConfig train) {
        public Config {
            mlpSizes = List.copyOf(mlpSizes);
            convLayers = List.copyOf(convLayers);
            Objects.requireNonNull(train, "train");
            if (latent < 1 || mlpSizes.isEmpty() || mlpSizes.get(0) != CbclFaces.PIXELS || trainFaces < 1
                    || trainFaces >= 2429 || testFaces < 1 || testFaces > 472 || evalSamples < 1) {
                throw new IllegalArgumentException("need K >= 1, an MLP from 361 pixels, 1..2428 training faces (the "
                        + "rest held out), 1..472 test faces and k >= 1; got " + latent + ", " + mlpSizes + ", "
                        + trainFaces + ", " + testFaces + ", " + evalSamples);
            }
            conv(latent, convLayers); // refuses layers that do not fit the face
        }

        static Config of(RunOptions o) {
            List<Layer> layers = List.of(Layer.conv(32, 3, 2, 0), Layer.conv(64, 3, 2, 0));
            return o.quick()
                    ? new Config(20, List.of(361, 512, 256), layers, 300, 50, 20,
                    new TrainConfig(o.epochsOr(1), 50, 1e-3, 1e-4, o.seed()))
                    : new Config(20, List.of(361, 512, 256), layers, 2186, 472, 1000,
                    new TrainConfig(o.epochsOr(300), 64, 1e-3, 1e-5, o.seed()));
        }
    }

    /** The convolutional VAE of this experiment: a Gaussian decoder of learned variance, on the ELBO. */
    static ConvSpec conv(int latent, List<Layer> layers) {
        return new ConvSpec(new ImageShape(1, CbclFaces.SIDE, CbclFaces.SIDE), layers, Activation.RELU, latent,
                new LearnedGaussian(), new Objective.BetaElbo(1, 1.0));
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);
        long seed = config.train().seed();
        Dataset faces = CbclFaces.load(ctx.data(), Split.TRAIN, CbclFaces.Kind.FACE);
        Dataset train = faces.head(config.trainFaces());
        Dataset heldOut = faces.slice(config.trainFaces(), faces.size());
        Dataset testFaces = CbclFaces.load(ctx.data(), Split.TEST, CbclFaces.Kind.FACE).head(config.testFaces());
        Noise dequantize = Noise.dequantized(Vae.INPUT, LEVELS);
        INDArray test = dequantize.sample(testFaces.x(), Rng.seeded(seed, "test-dequantization"));
        double bitsOffset = Math.log(LEVELS) / Math.log(2);
        double perDimBits = 1 / (CbclFaces.PIXELS * Math.log(2));

        Map<String, Vae.Parts> models = new LinkedHashMap<>();
        models.put("mlp", new Vae.Spec(config.mlpSizes(), Activation.RELU, config.latent(), new LearnedGaussian(),
                new Objective.BetaElbo(1, 1.0)).parts());
        models.put("conv", conv(config.latent(), config.convLayers()).parts());

        Map<String, Double> metrics = new LinkedHashMap<>();
        List<Charts.Series> curves = new ArrayList<>();
        StringBuilder table = new StringBuilder(String.format("%d test faces dequantized once; NLL with k = %d "
                        + "importance samples; every model trained for %d epochs of batches of %d on %d faces, K = %d%n%n"
                        + "| model | parameters | test bits per dim | test NLL (nats) | −ELBO (nats) | held-out −ELBO, last "
                        + "epoch | held-out −ELBO, best (epoch) | s per epoch |%n|---|---:|---:|---:|---:|---:|---:|---:|%n",
                test.rows(), config.evalSamples(),
                config.train().epochs(), config.train().batchSize(), train.size(), config.latent()));
        for (Map.Entry<String, Vae.Parts> model : models.entrySet()) {
            String id = model.getKey();
            Vae vae = new Vae(model.getValue(), Rng.seeded(seed, "init-" + id), DataType.FLOAT);
            // Each model trains in its own models/<id>/ directory, so a resumed run skips a finished model.
            History history = new Trainer(config.train()).fit(vae.trainGraph(dequantize), train, heldOut,
                    ctx.dir().model(id), EpochListener.NONE);
            double nll = -Arrays.stream(vae.logLikelihood(test, config.evalSamples(),
                    Rng.seeded(seed, "importance-samples-" + id))).average().orElseThrow();
            double elbo = -Arrays.stream(vae.logLikelihood(test, 1, Rng.seeded(seed, "elbo-" + id))).average()
                    .orElseThrow();
            long parameters = vae.parameters().values().stream().mapToLong(INDArray::length).sum();
            double secondsPerEpoch = history.epochs().stream().mapToDouble(EpochResult::seconds).average().orElse(0);
            double bits = nll * perDimBits + bitsOffset;
            metrics.put("test_bits_per_dim_" + id, bits);
            metrics.put("test_bits_per_dim_elbo_" + id, elbo * perDimBits + bitsOffset);
            metrics.put("test_nll_" + id, nll);
            metrics.put("parameters_" + id, (double) parameters);
            metrics.put("seconds_per_epoch_" + id, secondsPerEpoch);
            // The last epoch's model is the one scored; the best held-out epoch shows how much it overfitted.
            EpochResult best = history.epochs().stream().min(java.util.Comparator.comparingDouble(
                    e -> Term.TOTAL.in(e.valid()))).orElseThrow();
            double lastHeldOut = Term.TOTAL.in(history.epochs().get(history.epochs().size() - 1).valid());
            metrics.put("held_out_best_epoch_" + id, (double) best.epoch());
            table.append(String.format("| %s | %,d | %.3f | %.1f | %.1f | %.1f | %.1f (%d) | %.2f |%n", id, parameters,
                    bits, nll, elbo, lastHeldOut, Term.TOTAL.in(best.valid()), best.epoch(), secondsPerEpoch));
            curves.add(new Charts.Series(id, history.epochs().stream().mapToDouble(EpochResult::epoch).toArray(),
                    history.epochs().stream().mapToDouble(e -> Term.TOTAL.in(e.valid())).toArray()));
            writeFigures(ctx, vae, id, test, seed);
        }
        metrics.put("epochs", (double) config.train().epochs());
        Charts.lines(curves, "conv-vae-faces: negative ELBO on the held-out faces", "epoch", "nats per face",
                false, false, ctx.dir().figure("held-out-bound"));
        AtomicWrite.string(ctx.dir().file("conv-vae-faces.md"), table.toString());
        ctx.dir().writeMetrics(metrics);
    }

    /** Samples, reconstructions of eight test faces, and the decoder's σ̃ for them, scaled to the grid's largest. */
    private static void writeFigures(RunContext ctx, Vae vae, String id, INDArray test, long seed) throws Exception {
        int side = CbclFaces.SIDE;
        ImageGrid.write(ctx.dir().figure("samples-" + id), vae.sample(64, Rng.seeded(seed, "samples-" + id)), side,
                side, 8, 3);
        INDArray shown = test.get(NDArrayIndex.interval(0, Math.min(8, test.rows())),
                NDArrayIndex.all());
        INDArray codes = vae.encode(shown).mean();
        ImageGrid.write(ctx.dir().figure("reconstructions-" + id), Nd4j.vstack(shown, vae.decode(codes)), side, side,
                8, 3);
        INDArray logVar = vae.decoderParameters(codes).get(NDArrayIndex.all(),
                NDArrayIndex.interval(CbclFaces.PIXELS, 2 * CbclFaces.PIXELS));
        INDArray std = Transforms.exp(logVar.mul(0.5), false);
        ImageGrid.write(ctx.dir().figure("std-" + id), std.div(std.maxNumber()), side, side, 8, 3);
    }
}
