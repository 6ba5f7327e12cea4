package org.ae4j.experiments.denoising;

import static org.ae4j.experiments.denoising.PlaneDae.matrix;
import static org.ae4j.experiments.denoising.PlaneDae.rows;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.sets.GaussianMixture2d;
import org.ae4j.core.eval.VectorFields;
import org.ae4j.core.model.DenoisingAutoencoder;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.Section;
import org.ae4j.viz.Charts;
import org.ae4j.viz.VectorFieldPlot.Arrows;
import org.ae4j.viz.VectorFieldPlot.View;
import org.ae4j.viz.VectorFieldPlot;

/**
 * Alain &amp; Bengio (2014), Thm. 1: a DAE trained with Gaussian corruption σ and squared error satisfies
 * {@code r(x) − x = σ² ∇ log p(x) + o(σ²)}. Checked on a 2-D Gaussian mixture, whose score is known in
 * closed form, with one DAE per σ, at points drawn from p.
 *
 * <p>Metrics per σ: {@code score_correlation_sigma_<σ>}, the Pearson correlation of r(x) − x with
 * σ² ∇ log p(x) over all components; {@code score_slope_sigma_<σ>}, the least-squares slope of the first
 * on the second (1 when the scale matches); and {@code score_correlation_smoothed_sigma_<σ>}, against the
 * exact optimum at finite σ, σ² ∇ log p_σ(x) with p_σ = p * N(0, σ² I) (Miyasawa/Tweedie), which
 * separates the o(σ²) bias from estimation error.
 */
public final class DaeScore implements Experiment {

    @Override
    public About about() {
        return About.of("dae-score", Section.DENOISING, "31–32")
                .claim("""
                        Why the field points to the data: r(x) − x estimates σ²∇log p(x) (Alain & Bengio 2014).
                        """)
                .description("Alain & Bengio: a DAE's r(x) - x against sigma^2 times the known score of a 2-D Gaussian "
                        + "mixture")
                .figure("score-field-sigma-", "r(x) − x beside σ²∇log p(x) on a Gaussian mixture with a known score.")
                .figure("score-scatter", "r(x) − x against σ²∇log p(x), one panel per σ.")
                .headline("score_correlation_sigma_0.05", "score_slope_sigma_0.05", "score_correlation_sigma_0.1",
                        "score_slope_sigma_0.1", "score_correlation_sigma_0.2", "score_slope_sigma_0.2",
                        "score_correlation_sigma_0.3", "score_slope_sigma_0.3", "score_correlation_sigma_0.4",
                        "score_slope_sigma_0.4");
    }

    public record Config(List<Double> sigmas, int trainExamples, int heldOutExamples, int evalPoints,
                         List<Integer> encoderSizes, Activation hidden, TrainConfig train) {
        public Config {
            sigmas = List.copyOf(sigmas);
            encoderSizes = List.copyOf(encoderSizes);
            if (sigmas.isEmpty() || sigmas.stream().anyMatch(s -> !(s > 0) || !Double.isFinite(s))) {
                throw new IllegalArgumentException("need at least one positive finite sigma, got " + sigmas);
            }
            if (encoderSizes.get(0) != 2) {
                throw new IllegalArgumentException("the mixture is 2-D: the encoder must take 2 inputs, got " + encoderSizes);
            }
            if (trainExamples < 1 || heldOutExamples < 1 || evalPoints < 2) {
                throw new IllegalArgumentException("need positive example counts and at least 2 evaluation points");
            }
        }

        /**
         * Many clean points, because a DAE fitted to n points at noise σ estimates the score of their
         * kernel density estimate of bandwidth σ: with 20,000 points only about 50 fall within σ = 0.05 of
         * a typical x, too few for its score.
         */
        static Config of(RunOptions o) {
            TrainConfig train = new TrainConfig(o.epochsOr(o.quick() ? 3 : 30), 256, 2e-3, 1e-5, o.seed());
            List<Integer> sizes = List.of(2, 128, 128, 128, 128);
            return o.quick()
                    ? new Config(List.of(0.1, 0.3), 10_000, 1_000, 500, sizes, Activation.RELU, train)
                    : new Config(List.of(0.05, 0.1, 0.2, 0.4), 200_000, 5_000, 2_000, sizes, Activation.RELU, train);
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);
        long seed = config.train().seed();

        GaussianMixture2d mixture = GaussianMixture2d.threeModes();
        PlaneDae.Points data = PlaneDae.Points.draw(mixture::sample, config.trainExamples(),
                config.heldOutExamples(), seed);
        Dataset eval = mixture.sample(config.evalPoints(), Rng.seeded(seed, "evaluation-points"));
        double[][] points = rows(eval.x());
        double[][] score = scores(mixture, points, 1.0);

        View view = View.around(0, 0, 2.2);
        double[][] grid = view.grid(19);
        double[][] gridScore = scores(mixture, grid, 1.0);
        Map<String, Double> metrics = new LinkedHashMap<>();
        List<Charts.Series> scatter = new ArrayList<>();
        for (double sigma : config.sigmas()) {
            DenoisingAutoencoder dae = PlaneDae.train(data, config.encoderSizes(), config.hidden(), sigma,
                    config.train(), ctx.dir().model("sigma_" + sigma)).model();

            double[][] field = rows(dae.vectorField(eval.x()));
            double[][] target = scores(mixture, points, sigma * sigma);
            double[][] exact = scores(mixture.smoothed(sigma), points, sigma * sigma);
            metrics.put("score_correlation_sigma_" + sigma, VectorFields.correlation(field, target));
            metrics.put("score_slope_sigma_" + sigma, VectorFields.slope(field, target));
            metrics.put("score_correlation_smoothed_sigma_" + sigma, VectorFields.correlation(field, exact));

            // Both axes in score units: (r(x) − x) / σ² against ∇ log p(x), one point per component.
            scatter.add(new Charts.Series("σ = " + sigma, flatten(score), flatten(scaled(field, 1 / (sigma * sigma)))));
            double[][] gridField = scaled(rows(dae.vectorField(matrix(grid))), 1 / (sigma * sigma));
            double scale = 0.15 / Math.max(Arrows.maxLength(gridScore), Arrows.maxLength(gridField)) * 2.2;
            VectorFieldPlot.write(ctx.dir().figure("score-field-sigma-" + sigma),
                    "dae-score: (r(x) − x) / σ² and ∇ log p(x), σ = " + sigma, view, data.heldOut().x(), null,
                    List.of(new Arrows("∇ log p(x)", grid, gridScore, scale, new Color(40, 90, 200)),
                            new Arrows("(r(x) − x) / σ²", grid, gridField, scale, new Color(200, 40, 40))));
        }
        Charts.scatter(scatter, "dae-score: DAE estimate against the true score, per component",
                "∇ log p(x)", "(r(x) − x) / σ²", true, ctx.dir().figure("score-scatter"));
        ctx.dir().writeMetrics(metrics);
    }

    /** {@code factor · ∇ log q} at each point. */
    private static double[][] scores(GaussianMixture2d q, double[][] points, double factor) {
        double[][] out = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            double[] s = q.score(points[i][0], points[i][1]);
            out[i] = new double[] {factor * s[0], factor * s[1]};
        }
        return out;
    }

    private static double[][] scaled(double[][] v, double factor) {
        double[][] out = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            out[i] = new double[] {factor * v[i][0], factor * v[i][1]};
        }
        return out;
    }

    private static double[] flatten(double[][] v) {
        double[] out = new double[2 * v.length];
        for (int i = 0; i < v.length; i++) {
            out[2 * i] = v[i][0];
            out[2 * i + 1] = v[i][1];
        }
        return out;
    }
}
