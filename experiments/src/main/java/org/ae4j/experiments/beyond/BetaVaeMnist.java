package org.ae4j.experiments.beyond;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.eval.ActiveUnits;
import org.ae4j.core.loss.Term;
import org.ae4j.core.model.Vae;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.random.Rng;
import org.ae4j.core.runs.AtomicWrite;
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
 * The β-VAE (Higgins et al. 2017) on MNIST: the loss {@code E_q[−log p(x | z)] + β KL(q(z | x) ‖ N(0, I))} for
 * β ∈ {0.25, 0.5, 1, 2, 4, 8}, one model each (784-512-256-10, ReLU, Bernoulli decoder on grey levels). On the test
 * images, the rate (the KL in nats) against the distortion (the reconstruction term) traces the rate–distortion
 * trade-off of Alemi et al. (2018): a larger β buys a lower rate with a higher distortion, and switches latent units
 * off. Latent traversals decode a test digit's code with one unit at a time swept over [−3, 3].
 */
public final class BetaVaeMnist implements Experiment {

    @Override
    public About about() {
        return About.of("beta-vae-mnist", Section.BEYOND, "57–61")
                .claim("""
                        Weighting the KL by β trades rate for distortion: a larger β gives codes with fewer nats and
                        fewer active units, at a higher reconstruction error (Higgins et al. 2017; Alemi et al. 2018).
                        """)
                .description("β-VAE on MNIST for β = 0.25 … 8: rate–distortion curve, active units, latent traversals")
                .figure("rate-distortion", "Test rate (KL) against distortion (reconstruction), one point per β.")
                .figure("traversals-", "A test digit's code with one latent unit at a time swept over [−3, 3].")
                .headline("rate_beta_1", "distortion_beta_1", "active_units_beta_1");
    }

    /**
     * @param betas       the KL weights, increasing
     * @param latent      K
     * @param traversal   the values each unit is swept over in the traversals (from −max to max)
     */
    public record Config(List<Double> betas, List<Integer> encoderSizes, int latent, double traversal,
                         MnistSplits.Sizes examples, TrainConfig train) {
        public Config {
            betas = List.copyOf(betas);
            encoderSizes = List.copyOf(encoderSizes);
            for (int i = 0; i < betas.size(); i++) {
                if (!(betas.get(i) > 0) || betas.get(i).isInfinite() || i > 0 && betas.get(i) <= betas.get(i - 1)) {
                    throw new IllegalArgumentException("β must be finite, positive and increasing, got " + betas);
                }
            }
            if (betas.isEmpty() || encoderSizes.get(0) != Mnist.PIXELS || latent < 1 || !(traversal > 0)) {
                throw new IllegalArgumentException("need a β, 784 inputs, K >= 1 and a positive traversal range");
            }
            Objects.requireNonNull(examples, "examples");
            Objects.requireNonNull(train, "train");
        }

        static Config of(RunOptions o) {
            List<Double> betas = List.of(0.25, 0.5, 1.0, 2.0, 4.0, 8.0);
            List<Integer> sizes = List.of(784, 512, 256);
            return o.quick()
                    ? new Config(betas, sizes, 10, 3.0, new MnistSplits.Sizes(500, 100, 200),
                    new TrainConfig(o.epochsOr(1), 100, 1e-3, o.seed()))
                    : new Config(betas, sizes, 10, 3.0, MnistSplits.Sizes.FULL,
                    new TrainConfig(o.epochsOr(30), 128, 1e-3, o.seed()));
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);
        long seed = config.train().seed();
        MnistSplits data = MnistSplits.load(ctx.data(), config.examples());
        Dataset test = data.test();

        Map<String, Double> metrics = new LinkedHashMap<>();
        double[] rates = new double[config.betas().size()];
        double[] distortions = new double[config.betas().size()];
        StringBuilder table = new StringBuilder(String.format("Test rate and distortion in nats per image (%d test "
                + "images), %d epochs each%n%n| β | rate (KL) | distortion (reconstruction NLL) | negative β-ELBO | active "
                + "units |%n|---:|---:|---:|---:|---:|%n", test.x().rows(), config.train().epochs()));
        for (int i = 0; i < config.betas().size(); i++) {
            double beta = config.betas().get(i);
            String id = "beta_" + format(beta).replace('.', '_');
            Vae vae = new Vae(new Vae.Spec(config.encoderSizes(), Activation.RELU, config.latent(), new Bernoulli(), 1,
                    beta), Rng.seeded(seed, "init-" + id), DataType.FLOAT);
            // Each model trains in its own models/<id>/ directory, so a resumed run skips finished models.
            data.fit(vae.trainGraph(), config.train(), ctx.dir().model(id));
            Map<String, Double> terms = Trainer.evaluate(vae.trainGraph(), test, 1000,
                    new Trainer(config.train()).evaluationRng());
            rates[i] = Term.KL.in(terms);
            distortions[i] = Term.RECONSTRUCTION.in(terms);
            int active = ActiveUnits.count(vae.encode(test.x()).mean(), 0.01);
            metrics.put("rate_" + id, rates[i]);
            metrics.put("distortion_" + id, distortions[i]);
            metrics.put("active_units_" + id, (double) active);
            table.append(String.format("| %s | %.2f | %.2f | %.2f | %d |%n", format(beta), rates[i], distortions[i],
                    Term.TOTAL.in(terms), active));
            ImageGrid.write(ctx.dir().figure("traversals-" + id.replace('_', '-')),
                    traversals(vae, test.x().getRow(0, true), config.latent(), config.traversal(), 9),
                    Mnist.SIDE, Mnist.SIDE, 9, 2);
        }
        Charts.lines(List.of(new Charts.Series("β = " + config.betas().stream().map(BetaVaeMnist::format).toList(),
                        rates, distortions)), "beta-vae-mnist: rate against distortion on the test images",
                "rate: KL (nats)", "distortion: −log p(x | z) (nats)", false, false, ctx.dir().figure("rate-distortion"));
        AtomicWrite.string(ctx.dir().file("rate-distortion.md"), table.toString());
        ctx.dir().writeMetrics(metrics);
    }

    /**
     * Decodings of {@code x}'s code mean with unit j set to each of {@code steps} values in [−range, range], the
     * others kept: [K·steps, D], one row of the grid per unit.
     */
    static INDArray traversals(Vae vae, INDArray x, int latent, double range, int steps) {
        INDArray mean = vae.encode(x).mean();                                                   // [1, K]
        List<INDArray> codes = new ArrayList<>();
        for (int j = 0; j < latent; j++) {
            for (int s = 0; s < steps; s++) {
                INDArray code = mean.dup();
                code.putScalar(0, j, -range + 2 * range * s / (steps - 1));
                codes.add(code);
            }
        }
        return vae.decode(Nd4j.vstack(codes.toArray(INDArray[]::new)));
    }

    private static String format(double beta) {
        return String.format(Locale.ROOT, "%s", beta == Math.rint(beta) ? String.valueOf((long) beta) : beta);
    }
}
