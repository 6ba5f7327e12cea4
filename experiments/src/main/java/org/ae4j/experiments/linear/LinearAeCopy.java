package org.ae4j.experiments.linear;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.eval.Reconstruction;
import org.ae4j.core.linear.LinearAutoencoder;
import org.ae4j.core.linear.Pca;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.EpochListener;
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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The copy trap: a linear AE x~ = U V x with K &gt;= D trained by gradient descent just learns to copy.
 * Its reconstruction error goes to about zero and U V approaches the identity on the span of the data,
 * so the code says nothing about structure. K = D = 784 on centered MNIST, minibatch Adam.
 *
 * <p>The data span is taken as the principal directions holding 99.9% of the variance (MNIST's border
 * pixels are always 0, so the data do not span all 784 dimensions, and the last directions carry
 * variances near rounding error that gradient descent can take arbitrarily long to fit).
 */
public final class LinearAeCopy implements Experiment {
    private static final double SPAN_VARIANCE = 0.999;

    @Override
    public About about() {
        return About.of("linear-ae-copy", Section.LINEAR, "10")
                .claim("""
                        With K ≥ D a linear auto-encoder can choose UV = I: it just copies its input.
                        """)
                .description("Linear AE with K >= D on MNIST learns to copy: "
                        + "error -> 0 and UV -> identity on the data span")
                .figure("reconstructions", "Test digits and their copies through x̃ = UVx with K = D.")
                .figure("uv-matrix", "The learned UV, close to the identity on the data's span.")
                .figure("training-curves", "Reconstruction error during training.")
                .headline("test_sq_err", "test_sq_norm", "identity_deviation");
    }

    public record Config(int k, MnistSplits.Sizes examples, double initScale, TrainConfig train) {
        public Config {
            if (k < Mnist.PIXELS) {
                throw new IllegalArgumentException("the copy trap needs K >= D = " + Mnist.PIXELS + ", got " + k);
            }
            Objects.requireNonNull(examples, "examples");
        }

        static Config of(RunOptions o) {
            TrainConfig train = new TrainConfig(o.epochsOr(o.quick() ? 2 : 10), 128, 1e-3, o.seed());
            MnistSplits.Sizes examples =
                    o.quick() ? new MnistSplits.Sizes(10_000, 1_000, 2_000) : MnistSplits.Sizes.FULL;
            return new Config(Mnist.PIXELS, examples, 0.01, train);
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);

        MnistSplits splits = MnistSplits.load(ctx.data(), config.examples());
        CenteredData data = CenteredData.of(splits.train(), splits.test());
        INDArray heldOut = splits.heldOut().x().castTo(DataType.DOUBLE).subRowVector(data.mean());

        LinearAutoencoder lae = LinearAutoencoder.onData(data.dim(), new double[config.k()], config.initScale(),
                Rng.seeded(config.train().seed(), "init"), DataType.FLOAT);
        Trainer trainer = new Trainer(config.train());
        History history = trainer.fit(lae.trainGraph(), Dataset.unlabelled(data.train().castTo(DataType.FLOAT)),
                Dataset.unlabelled(heldOut.castTo(DataType.FLOAT)), ctx.dir(), EpochListener.NONE);

        INDArray uv = lae.decoder().castTo(DataType.DOUBLE).mmul(lae.encoder().castTo(DataType.DOUBLE)); // [D, D]
        Pca spectrum = Pca.fit(data.train(), data.dim());
        int span = directionsHolding(spectrum, SPAN_VARIANCE);
        INDArray basis = spectrum.components().getRows(IntStream.range(0, span).toArray()).transpose(); // [D, r]
        INDArray deviation = uv.mmul(basis).subi(basis);
        INDArray test = data.test();
        INDArray reconstruction = lae.decode(lae.encode(test.castTo(DataType.FLOAT))).castTo(DataType.DOUBLE);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test_sq_err", Reconstruction.squaredError(reconstruction, test));
        metrics.put("test_sq_norm", Reconstruction.squaredError(Nd4j.zerosLike(test), test));
        metrics.put("identity_deviation", deviation.norm2Number().doubleValue() / Math.sqrt(span));
        metrics.put("data_span_dimensions", (double) span);
        metrics.put("epochs", (double) history.completedEpochs());

        int[] shown = IntStream.range(0, 12).toArray();
        ImageGrid.write(ctx.dir().figure("reconstructions"), Nd4j.vstack(
                test.getRows(shown).addRowVector(data.mean()), reconstruction.getRows(shown).addRowVector(data.mean())),
                Mnist.SIDE, Mnist.SIDE, shown.length, 3);
        ImageGrid.write(ctx.dir().figure("uv-matrix"), ImageGrid.signedToUnit(uv.reshape(1, (long) data.dim() * data.dim())),
                data.dim(), data.dim(), 1, 1);
        Charts.trainingCurves(history, "linear-ae-copy: mean squared reconstruction error (K = D)",
                ctx.dir().figure("training-curves"));
        ctx.dir().writeMetrics(metrics);
    }

    /** The fewest leading principal directions whose variances sum to at least {@code fraction} of the total. */
    static int directionsHolding(Pca pca, double fraction) {
        double[] v = pca.allVariances();
        double running = 0;
        for (int i = 0; i < v.length; i++) {
            running += v[i];
            if (running >= fraction * pca.totalVariance()) {
                return i + 1;
            }
        }
        return v.length;
    }
}
