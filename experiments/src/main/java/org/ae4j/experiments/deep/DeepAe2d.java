package org.ae4j.experiments.deep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.eval.Reconstruction;
import org.ae4j.core.linear.Pca;
import org.ae4j.core.loss.Term;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.random.Rng;
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

/**
 * Hinton &amp; Salakhutdinov (2006), Fig. 3: 2-d codes of the MNIST test set from a deep auto-encoder
 * 784-1000-500-250-2 beside the first two principal components, coloured by digit.
 */
public final class DeepAe2d implements Experiment {

    @Override
    public About about() {
        return About.of("deep-ae-2d", Section.DEEP, "24–25")
                .claim("""
                        Deep auto-encoders project onto a manifold, a nonlinear dimension reduction.
                        """)
                .description("2-d codes of MNIST test digits: "
                        + "deep AE 784-1000-500-250-2 vs the first two principal components")
                .figure("codes-deep-ae", "2-d codes of the test digits from the deep AE, coloured by label.")
                .figure("codes-pca", "The first two principal components of the same digits.")
                .figure("training-curves", "Training and held-out loss.")
                .headline("test_sq_err_deep_ae", "test_sq_err_pca");
    }

    public record Config(List<Integer> encoderSizes, Activation hidden, MnistSplits.Sizes examples, TrainConfig train)
            implements TrainedAutoencoder.Settings {
        public Config {
            encoderSizes = MnistSplits.pixelsIn(encoderSizes);
            if (encoderSizes.get(encoderSizes.size() - 1) != 2) {
                throw new IllegalArgumentException("need a 2-d code, got " + encoderSizes);
            }
            Objects.requireNonNull(examples, "examples");
        }

        static Config of(RunOptions o) {
            TrainConfig train = new TrainConfig(o.epochsOr(o.quick() ? 2 : 30), 128, 1e-3, o.seed());
            List<Integer> sizes = List.of(784, 1000, 500, 250, 2);
            MnistSplits.Sizes examples =
                    o.quick() ? new MnistSplits.Sizes(10_000, 1_000, 2_000) : MnistSplits.Sizes.FULL;
            return new Config(sizes, Activation.RELU, examples, train);
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);

        TrainedAutoencoder deep = TrainedAutoencoder.train(ctx, config);
        Dataset test = deep.data().test();
        Pca pca = Pca.fit(deep.data().train().x(), 2);

        Charts.scatterByLabel(deep.model().encode(test.x()), test.labels(),
                "Deep auto-encoder 784-1000-500-250-2: test codes", "code 1", "code 2",
                ctx.dir().figure("codes-deep-ae"));
        Charts.scatterByLabel(pca.encode(test.x()), test.labels(), "PCA: first two principal components of test digits",
                "PC 1", "PC 2", ctx.dir().figure("codes-pca"));
        Charts.trainingCurves(deep.history(), "deep-ae-2d: Bernoulli negative log-likelihood",
                ctx.dir().figure("training-curves"));

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test_sq_err_deep_ae", Reconstruction.squaredError(deep.model().reconstruct(test.x()), test.x()));
        metrics.put("test_sq_err_pca", Reconstruction.squaredError(pca.reconstruct(test.x()), test.x()));
        metrics.put("test_bce_deep_ae",
                Term.TOTAL.in(Trainer.evaluate(deep.model().trainGraph(), test, 1000, Rng.seeded(0))));
        metrics.put("epochs", (double) deep.history().completedEpochs());
        ctx.dir().writeMetrics(metrics);
    }
}
