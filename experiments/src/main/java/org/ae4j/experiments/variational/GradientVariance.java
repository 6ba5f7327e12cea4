package org.ae4j.experiments.variational;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ae4j.core.memory.OffHeap;
import org.ae4j.core.model.PerDatapointPosterior;
import org.ae4j.core.random.Rng;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.Section;
import org.ae4j.viz.Charts;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Why the lecture prefers the reparameterization trick: the variance of two unbiased estimators of the
 * gradient of the negative ELBO with respect to the encoder's outputs (μ, log σ²) of test images, on a
 * trained VAE, at equal sample counts S. Each of R repetitions draws one ε [N, S, K] and computes both the
 * reparameterized gradient and the score-function (REINFORCE, no baseline) gradient from it; the variance
 * is taken over the repetitions per gradient component, then averaged over components and images.
 *
 * <p>Metrics: {@code grad_var_reparam}, {@code grad_var_score_function} (at S = 1, the training setting),
 * their {@code _s<S>} variants for every S, and {@code variance_ratio} (score function / reparam at S = 1).
 */
public final class GradientVariance implements Experiment {

    @Override
    public About about() {
        return About.of("gradient-variance", Section.VARIATIONAL, "67–83")
                .claim("""
                        The reparameterization trick gives low-variance gradients compared with the score-function
                        (REINFORCE) estimator.
                        """)
                .description("variance of the reparameterized vs the score-function gradient of the ELBO "
                        + "at equal sample counts")
                .figure("gradient-variance", "Gradient variance of both estimators against the number of samples.")
                .headline("variance_ratio", "grad_var_reparam", "grad_var_score_function");
    }

    /** The VAE and its test images, and how often the gradients are drawn at each sample count. */
    public record Config(BinarizedMnistVae.Setup vae, int repeats, List<Integer> sampleCounts) {
        public Config {
            Objects.requireNonNull(vae, "vae");
            sampleCounts = List.copyOf(sampleCounts);
            if (repeats < 2 || sampleCounts.isEmpty() || sampleCounts.get(0) != 1) {
                throw new IllegalArgumentException("need >= 2 repeats and sample counts starting at 1");
            }
        }

        static Config of(RunOptions o) {
            return o.quick() ? new Config(BinarizedMnistVae.Setup.forInference(o, 10), 20, List.of(1, 10))
                    : new Config(BinarizedMnistVae.Setup.forInference(o, 100), 200, List.of(1, 10, 100));
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);
        long seed = config.vae().train().seed();

        BinarizedMnistVae trained = BinarizedMnistVae.train(ctx, config.vae(), ctx.dir().model("vae"));

        Map<String, Double> metrics = new LinkedHashMap<>();
        List<Double> reparam = new ArrayList<>();
        List<Double> score = new ArrayList<>();
        for (int s : config.sampleCounts()) {
            PerDatapointPosterior q = trained.perDatapoint(s);
            Rng rng = Rng.seeded(seed, "gradient-samples-" + s);
            Moments re = new Moments();
            Moments sf = new Moments();
            for (int r = 0; r < config.repeats(); r++) {
                INDArray eps = q.drawEpsilon(rng);
                INDArray reparamGrad = q.reparameterizationGradient(eps);
                INDArray scoreGrad = q.scoreFunctionGradient(eps);
                re.add(reparamGrad);
                sf.add(scoreGrad);
                OffHeap.release(List.of(eps, reparamGrad, scoreGrad)); // off-heap now, not at the next GC
            }
            reparam.add(re.meanVariance());
            score.add(sf.meanVariance());
            metrics.put("grad_var_reparam_s" + s, re.meanVariance());
            metrics.put("grad_var_score_function_s" + s, sf.meanVariance());
        }
        metrics.put("grad_var_reparam", reparam.get(0));
        metrics.put("grad_var_score_function", score.get(0));
        metrics.put("variance_ratio", score.get(0) / reparam.get(0));

        double[] counts = config.sampleCounts().stream().mapToDouble(Integer::doubleValue).toArray();
        Charts.lines(List.of(new Charts.Series("reparameterization", counts, unbox(reparam)),
                        new Charts.Series("score function (REINFORCE)", counts, unbox(score))),
                "gradient-variance: per-component variance of d(−ELBO)/d(μ, log σ²)", "samples S", "variance",
                true, true, ctx.dir().figure("gradient-variance"));
        ctx.dir().writeMetrics(metrics);
    }

    /** Running sums of g and g² per component over repetitions. */
    private static final class Moments {
        private double[] sum;
        private double[] sumSq;
        private int count;

        void add(INDArray g) {
            double[] v = g.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            if (sum == null) {
                sum = new double[v.length];
                sumSq = new double[v.length];
            }
            for (int i = 0; i < v.length; i++) {
                sum[i] += v[i];
                sumSq[i] += v[i] * v[i];
            }
            count++;
        }

        /** The unbiased variance of each component over the repetitions, averaged over components. */
        double meanVariance() {
            double total = 0;
            for (int i = 0; i < sum.length; i++) {
                double mean = sum[i] / count;
                total += (sumSq[i] - count * mean * mean) / (count - 1);
            }
            return total / sum.length;
        }
    }

    private static double[] unbox(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
