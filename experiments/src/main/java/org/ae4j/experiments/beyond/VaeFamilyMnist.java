package org.ae4j.experiments.beyond;

import java.util.List;
import java.util.Objects;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.model.HierarchicalPrior;
import org.ae4j.core.model.Objective;
import org.ae4j.core.model.Vae;
import org.ae4j.core.model.VampPrior;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.prob.Prior;
import org.ae4j.core.prob.StandardNormal;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.MnistSplits;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.Section;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The VAE family around the lecture's VAE on dynamically binarized MNIST, in the protocol of {@code vae-mnist-nll}
 * (Burda et al. 2016): one table of models, each trained at the same budget and scored by the importance-sampled test
 * NLL with k = 5000, beside its published figure. Rows: the one-stochastic-layer model (784-200-200-50, tanh) trained
 * on the ELBO with k = 1, 5, 50 samples and on the IWAE bound with k = 5, 50; the same for the two-stochastic-layer
 * model (x → 100 → 100 → z1 (100) → 50 → 50 → z2 (50), tanh); MIWAE and PIWAE (M = 8, K = 8) and CIWAE (k = 64,
 * β = 0.05) of Rainforth et al. (2018); and the VampPrior (Tomczak &amp; Welling 2018, 500 pseudo-inputs) on the
 * one-layer model.
 * The published numbers were trained for 3,280 epochs; the table's budget is stated in it.
 */
public final class VaeFamilyMnist implements Experiment {
    /** The table's rows at full settings, each with its published test NLL. */
    static final List<Row> ROWS = List.of(
            new Row("one_layer_vae_k1", Layers.ONE, false, "elbo", 1, 1, 1.0, 86.76, Source.BURDA),
            new Row("one_layer_vae_k5", Layers.ONE, false, "elbo", 5, 1, 1.0, 86.47, Source.BURDA),
            new Row("one_layer_vae_k50", Layers.ONE, false, "elbo", 50, 1, 1.0, 86.35, Source.BURDA),
            new Row("one_layer_iwae_k5", Layers.ONE, false, "iwae", 5, 1, 0.0, 85.54, Source.BURDA),
            new Row("one_layer_iwae_k50", Layers.ONE, false, "iwae", 50, 1, 0.0, 84.78, Source.BURDA),
            new Row("two_layers_vae_k1", Layers.TWO, false, "elbo", 1, 1, 1.0, 85.33, Source.BURDA),
            new Row("two_layers_vae_k5", Layers.TWO, false, "elbo", 5, 1, 1.0, 85.01, Source.BURDA),
            new Row("two_layers_vae_k50", Layers.TWO, false, "elbo", 50, 1, 1.0, 84.78, Source.BURDA),
            new Row("two_layers_iwae_k5", Layers.TWO, false, "iwae", 5, 1, 0.0, 83.89, Source.BURDA),
            new Row("two_layers_iwae_k50", Layers.TWO, false, "iwae", 50, 1, 0.0, 82.90, Source.BURDA),
            new Row("one_layer_miwae_m8_k8", Layers.ONE, false, "miwae", 8, 8, 0.0, 84.97, Source.RAINFORTH),
            new Row("one_layer_piwae_m8_k8", Layers.ONE, false, "piwae", 8, 8, 0.0, 84.46, Source.RAINFORTH),
            new Row("one_layer_ciwae_k64", Layers.ONE, false, "ciwae", 64, 1, 0.05, 84.57, Source.RAINFORTH),
            new Row("one_layer_vampprior_k1", Layers.ONE, true, "elbo", 1, 1, 1.0, 85.57, Source.TOMCZAK));

    /**
     * The table's budget at full settings: every row is trained for as many epochs, far fewer than the papers' 3,280,
     * which the k = 50 and 8 × 8 rows would take months of a CPU core to reach (about 2 to 6 minutes per epoch each);
     * the NLL curves show how far from converged that leaves each model, and {@code vae-family-long} trains two rows
     * for the full 3,280.
     */
    static final int TABLE_EPOCHS = 10;

    /** Where each published number comes from. */
    static final class Source {
        static final String BURDA = "Burda et al. (2016), Table 1";
        static final String RAINFORTH = "Rainforth et al. (2018)";
        static final String TOMCZAK = "Tomczak & Welling (2018), VampPrior, K = 500";

        private Source() {
        }
    }

    /** The two architectures of Burda et al. (2016): one stochastic layer, or two. */
    enum Layers { ONE, TWO }

    /**
     * One model of the table.
     *
     * @param id        its metric suffix and model directory
     * @param objective "elbo", "iwae", "miwae", "piwae" or "ciwae"
     * @param samples   k (for MIWAE and PIWAE, K per group)
     * @param groups    M, MIWAE's and PIWAE's number of groups (1 otherwise)
     * @param beta      the ELBO's KL weight, or CIWAE's weight of the ELBO
     * @param vampPrior the VampPrior with 500 pseudo-inputs instead of N(0, I)
     */
    public record Row(String id, Layers layers, boolean vampPrior, String objective, int samples, int groups,
                      double beta, double published, String source) {
        public Row {
            Objects.requireNonNull(layers, "layers");
            if (id == null || !id.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException("a row's id is lower-case letters, digits and '_', got " + id);
            }
            objective(objective, samples, groups, beta); // validates the objective's settings
        }

        /** The objective this row trains on. */
        Objective bound() {
            return objective(objective, samples, groups, beta);
        }

        private static Objective objective(String objective, int samples, int groups, double beta) {
            return switch (Objects.requireNonNull(objective, "objective")) {
                case "elbo" -> new Objective.BetaElbo(samples, beta);
                case "iwae" -> new Objective.Iwae(samples);
                case "miwae" -> new Objective.Miwae(groups, samples);
                case "ciwae" -> new Objective.Ciwae(samples, beta);
                case "piwae" -> new Objective.Piwae(groups, samples);
                default -> throw new IllegalArgumentException("unknown objective '" + objective
                        + "'; choose elbo, iwae, miwae, piwae or ciwae");
            };
        }

        /** "one stochastic layer", "two stochastic layers" or "one stochastic layer, VampPrior". */
        String describe() {
            return (layers == Layers.ONE ? "one stochastic layer" : "two stochastic layers")
                    + (vampPrior ? ", VampPrior" : "");
        }

        /** "ELBO", "IWAE", "MIWAE (M = 8)" or "CIWAE (β = 0.05)". */
        String objectiveName() {
            return switch (objective) {
                case "miwae", "piwae" -> objective.toUpperCase(java.util.Locale.ROOT) + " (M = " + groups + ")";
                case "ciwae" -> "CIWAE (β = " + beta + ")";
                default -> objective.toUpperCase(java.util.Locale.ROOT);
            };
        }

        /** The model, its parameters from {@code rng}. */
        Vae vae(Rng rng) {
            Objective o = bound();
            Vae.Parts parts = (layers == Layers.ONE
                    ? new Vae.Spec(List.of(Mnist.PIXELS, 200, 200), Activation.TANH, 50, new Bernoulli(), o)
                    : new Vae.Spec(List.of(Mnist.PIXELS, 100, 100), Activation.TANH, 100, new Bernoulli(), o)).parts();
            Prior prior = vampPrior ? VampPrior.mnist(500)
                    : layers == Layers.TWO ? HierarchicalPrior.mlp(100, List.of(50, 50), Activation.TANH, 50)
                    : new StandardNormal();
            return new Vae(new Vae.Parts(parts.encoder(), parts.decoder(), parts.likelihood(), prior, o), rng,
                    DataType.FLOAT);
        }
    }

    @Override
    public About about() {
        About.Draft draft = About.of("vae-family-mnist", Section.BEYOND, "41–55");
        About about = draft.claim("""
                        Bounds tighter than the ELBO (IWAE, MIWAE, PIWAE, CIWAE), a second stochastic layer and a
                        learned prior each lower the test NLL of the lecture's VAE (Burda et al. 2016; Rainforth et al. 2018;
                        Tomczak & Welling 2018).
                        """)
                .description("the VAE family on binarized MNIST: IWAE, MIWAE, PIWAE, CIWAE, two stochastic layers, "
                        + "VampPrior; test NLL (k = 5000) beside the published numbers")
                .figure("held-out-bound", "Each model's negative bound on the held-out images during training.")
                .figure("nll-curve", "Each model's test NLL during training (fewer samples and images than the table's),"
                        + " against the epoch: how far from converged the table's budget left it.")
                .headline("epochs");
        for (Row row : ROWS) {
            about = about.compareWith("test_nll_" + row.id(), row.published(), row.source());
        }
        return about;
    }

    /**
     * @param rows        the models
     * @param examples    training, held-out and test images
     * @param evalSamples k of the test NLL
     * @param curve       when and how the NLL-against-epoch curves are estimated during training
     * @param train       epochs (the table's budget), batch, learning rate cosine-decayed to its floor, seed
     */
    public record Config(List<Row> rows, MnistSplits.Sizes examples, int evalSamples, Curve curve, TrainConfig train) {
        public Config {
            rows = List.copyOf(rows);
            if (rows.isEmpty() || evalSamples < 1) {
                throw new IllegalArgumentException("need at least one model and k >= 1 for the test NLL");
            }
            Objects.requireNonNull(examples, "examples");
            Objects.requireNonNull(curve, "curve");
            Objects.requireNonNull(train, "train");
            if (curve.images() > examples.test()) {
                throw new IllegalArgumentException("the NLL curve's " + curve.images() + " images exceed the "
                        + examples.test() + " test images");
            }
        }

        /**
         * The settings of {@code o}: its quick ones (a few hundred images, one epoch), or the full protocol with the
         * models trained for {@code fullEpochs}.
         */
        static Config of(RunOptions o, List<Row> rows, int fullEpochs) {
            return o.quick()
                    ? new Config(rows, new MnistSplits.Sizes(200, 50, 50), 20, new Curve(List.of(1), 5, 20),
                    new TrainConfig(o.epochsOr(1), 25, 1e-3, 1e-4, o.seed()))
                    : new Config(rows, MnistSplits.Sizes.FULL, 5000,
                    new Curve(List.of(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 3280), 1000, 1000),
                    new TrainConfig(o.epochsOr(fullEpochs), 100, 1e-3, 1e-5, o.seed()));
        }
    }

    /**
     * The NLL-against-epoch curve of each model: after each of {@code epochs} (those within the budget, and the last
     * epoch), the NLL with k = {@code samples} on the first {@code images} test images, so a table trained for
     * fewer epochs than the papers shows how far each model still was from converging.
     */
    public record Curve(List<Integer> epochs, int samples, int images) {
        public Curve {
            epochs = List.copyOf(epochs);
            for (int i = 0; i < epochs.size(); i++) {
                if (epochs.get(i) < 1 || i > 0 && epochs.get(i) <= epochs.get(i - 1)) {
                    throw new IllegalArgumentException("the curve's epochs must be positive and increasing, got "
                            + epochs);
                }
            }
            if (samples < 1 || images < 1) {
                throw new IllegalArgumentException("the NLL curve needs k >= 1 and at least one image, got k = "
                        + samples + " on " + images);
            }
        }

        /** Whether the curve has a point after {@code epoch} of a run of {@code total} epochs. */
        boolean at(int epoch, int total) {
            return epoch == total || epochs.contains(epoch);
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(o -> Config.of(o, ROWS, TABLE_EPOCHS));
        FamilyTable.write(ctx, config, FamilyTable.trainAll(ctx, config));
    }
}
