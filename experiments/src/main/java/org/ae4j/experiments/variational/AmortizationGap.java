package org.ae4j.experiments.variational;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.ae4j.core.loss.Term;
import org.ae4j.core.model.PerDatapointPosterior;
import org.ae4j.core.model.Vae;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.Section;
import org.ae4j.viz.Charts;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Amortized against per-datapoint inference (the lecture's amortization slide; Cremer et al. 2018): a VAE
 * is trained on binarized MNIST, then for each of N test images a separate q_n is optimized on that
 * image's ELBO from the encoder's output, with the decoder fixed. Both ELBOs are estimated with the same
 * number of samples, and the IWAE estimate of log p(x) bounds them from above.
 *
 * <p>Metrics (nats per image): {@code elbo_amortized}, {@code elbo_per_datapoint},
 * {@code amortization_gap} = their difference, {@code log_px_is<k>}, and {@code approximation_gap} =
 * log p(x) − elbo_per_datapoint, what a diagonal Gaussian cannot close.
 */
public final class AmortizationGap implements Experiment {

    @Override
    public About about() {
        return About.of("amortization-gap", Section.VARIATIONAL, "63–65")
                .claim("""
                        The encoder is amortized: one set of parameters for every x, where traditional VI optimizes a q
                        per datapoint; the difference is the amortization gap.
                        """)
                .description("ELBO of the amortized encoder vs a q optimized per test image (traditional VI) on a "
                        + "trained VAE")
                .figure("elbo-per-datapoint",
                        "Per-image ELBO of the amortized encoder and of a q optimized per image.")
                .headline("amortization_gap", "approximation_gap", "elbo_amortized", "elbo_per_datapoint");
    }

    /** The VAE and its test images, and how each image's q is optimized and both ELBOs and log p(x) estimated. */
    public record Config(BinarizedMnistVae.Setup vae, TrainConfig perDatapoint, int evalSamples,
                         int importanceSamples) {
        public Config {
            Objects.requireNonNull(vae, "vae");
            Objects.requireNonNull(perDatapoint, "perDatapoint");
            if (evalSamples < 1 || importanceSamples < 1) {
                throw new IllegalArgumentException("need positive sample counts, got " + evalSamples + ", "
                        + importanceSamples);
            }
        }

        static Config of(RunOptions o) {
            return o.quick()
                    ? new Config(BinarizedMnistVae.Setup.forInference(o, 20),
                    new TrainConfig(50, 20, 1e-2, 1e-3, o.seed()), 100, 100)
                    : new Config(BinarizedMnistVae.Setup.forInference(o, 200),
                    new TrainConfig(2_000, 200, 1e-2, 1e-4, o.seed()), 1_000, 5_000);
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);
        long seed = config.vae().train().seed();

        BinarizedMnistVae trained = BinarizedMnistVae.train(ctx, config.vae(), ctx.dir().model("vae"));
        Vae vae = trained.vae();
        INDArray images = trained.test();

        PerDatapointPosterior q = trained.perDatapoint(10);
        double amortized = q.logWeights(config.evalSamples(), Rng.seeded(seed, "elbo-amortized")).meanNumber()
                .doubleValue();
        TrainConfig optimization = config.perDatapoint();
        double[] trace = new Trainer(optimization).withStream("per-datapoint").checkpointEvery(optimization.epochs())
                .fit(q.trainGraph(), q.feeds(), null, null, EpochListener.NONE).trainCurve(Term.TOTAL);
        double perDatapoint = q.logWeights(config.evalSamples(), Rng.seeded(seed, "elbo-per-datapoint")).meanNumber()
                .doubleValue();
        double logPx = Arrays.stream(vae.logLikelihood(images, config.importanceSamples(), 10, 500,
                Rng.seeded(seed, "importance-samples"))).average().orElseThrow();

        double[] steps = IntStream.rangeClosed(1, trace.length).asDoubleStream().toArray();
        double[] negated = IntStream.range(0, trace.length).mapToDouble(i -> -trace[i]).toArray();
        Charts.lines(List.of(new Charts.Series("per-datapoint q (10-sample ELBO during optimization)", steps, negated),
                        new Charts.Series("amortized encoder", new double[] {1, trace.length}, new double[] {amortized, amortized}),
                        new Charts.Series("log p(x), IWAE k = " + config.importanceSamples(), new double[] {1, trace.length},
                                new double[] {logPx, logPx})),
                "amortization-gap: ELBO of " + config.vae().examples().test() + " test images", "optimization step",
                "nats per image", false, false, ctx.dir().figure("elbo-per-datapoint"));

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("elbo_amortized", amortized);
        metrics.put("elbo_per_datapoint", perDatapoint);
        metrics.put("amortization_gap", perDatapoint - amortized);
        metrics.put("log_px_is" + config.importanceSamples(), logPx);
        metrics.put("approximation_gap", logPx - perDatapoint);
        ctx.dir().writeMetrics(metrics);
    }
}
