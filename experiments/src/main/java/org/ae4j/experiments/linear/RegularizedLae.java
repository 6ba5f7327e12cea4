package org.ae4j.experiments.linear;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.linear.LinearAutoencoder;
import org.ae4j.core.linear.Pca;
import org.ae4j.core.linear.Subspaces;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.Section;
import org.ae4j.viz.Charts;
import org.ae4j.viz.ImageGrid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bao, Lucas, Sachdeva &amp; Grosse (NeurIPS 2020), "Regularized linear autoencoders recover the principal
 * components, eventually": non-uniform L2 with lambda = linspace(0.1, 0.9, k), k = 20, on centered
 * full-batch MNIST breaks the rotation symmetry, so the decoder columns converge to the ordered principal
 * directions; without regularization, or with uniform L2, only the subspace is recovered. Adam, the
 * authors' initialization scale 1e-4 and learning rate 0.01 for all three; uniform L2 uses the mean
 * lambda (0.5), as the authors' code does.
 *
 * <p>The penalty is {@code lambda_i^2 (||u_i||^2 + ||v_i||^2)} on the per-example loss, as in the authors'
 * code. At the minimum a unit survives only if {@code lambda_i^2 < sigma_i^2}: on MNIST the 19th and 20th
 * variances (0.63, 0.61) are below 0.74 and 0.81, so those two columns shrink to zero and the all-k
 * metrics cannot go below about 2/k. The {@code _identifiable} metrics measure the surviving units.
 */
public final class RegularizedLae implements Experiment {

    @Override
    public About about() {
        return About.of("regularized-lae", Section.LINEAR, "20–21")
                .claim("""
                        Regularization (Bao et al. 2020, non-uniform L2) makes the minimum recover the ordered principal
                        components.
                        """)
                .description("Bao et al. 2020: "
                        + "non-uniform L2 makes a linear AE recover the ordered principal components")
                .figure("axis-alignment",
                        "Alignment of the decoder columns with the principal axes: non-uniform, uniform and no L2.")
                .figure("subspace-distance", "Distance to the principal subspace during training.")
                .figure("decoder-columns", "The decoder columns beside the principal components, in order.")
                .headline("axis_alignment_identifiable", "subspace_distance_identifiable", "ordered_fraction",
                        "axis_alignment_uniform", "axis_alignment_unregularized");
    }

    public record Config(int k, int trainExamples, int iterations, double learningRate, double initScale,
                         double lambdaMin, double lambdaMax, double uniformLambda) implements TracedLae.Settings {
        public Config {
            if (k < 2 || k >= Mnist.PIXELS || iterations < 1 || trainExamples < 1 || trainExamples > 60_000) {
                throw new IllegalArgumentException("need 2 <= k < 784, iterations >= 1 and 1..60000 images");
            }
            if (!(0 <= lambdaMin && lambdaMin < lambdaMax) || uniformLambda < 0) {
                throw new IllegalArgumentException("need 0 <= lambdaMin < lambdaMax and uniformLambda >= 0");
            }
        }

        /** lambda_i = linspace(lambdaMin, lambdaMax, k). */
        double[] nonUniform() {
            double[] l = new double[k];
            for (int i = 0; i < k; i++) {
                l[i] = lambdaMin + (lambdaMax - lambdaMin) * i / (k - 1);
            }
            return l;
        }

        double[] uniform() {
            double[] l = new double[k];
            java.util.Arrays.fill(l, uniformLambda);
            return l;
        }

        static Config of(RunOptions o) {
            // Full batch: an epoch is one iteration.
            return new Config(20, o.quick() ? 10_000 : 60_000, o.epochsOr(o.quick() ? 2_000 : 30_000), 0.01, 1e-4,
                    0.1, 0.9, 0.5);
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);

        CenteredData data = CenteredData.mnist(ctx.data(), config.trainExamples());
        Pca pca = Pca.fit(data.train(), config.k());

        Map<String, double[]> variants = new LinkedHashMap<>();
        variants.put("non-uniform L2", config.nonUniform());
        variants.put("uniform L2", config.uniform());
        variants.put("unregularized", new double[config.k()]);
        List<LaeTrace> traces = new ArrayList<>();
        List<LinearAutoencoder> models = new ArrayList<>();
        for (Map.Entry<String, double[]> variant : variants.entrySet()) {
            TracedLae traced = TracedLae.train(variant.getKey(), variant.getValue(), data, pca, config,
                    ctx.options().seed());
            traces.add(traced.trace());
            models.add(traced.model());
        }

        Map<String, Double> metrics = new LinkedHashMap<>();
        String[] suffixes = {"", "_uniform", "_unregularized"};
        for (int i = 0; i < traces.size(); i++) {
            metrics.put("axis_alignment" + suffixes[i], traces.get(i).last(traces.get(i).axisAlignment));
            metrics.put("subspace_distance" + suffixes[i], traces.get(i).last(traces.get(i).subspaceDistance));
        }
        // The minimum keeps unit i only where its penalty is below its variance, lambda_i^2 < sigma_i^2
        // (Bao et al., Thm. 2); the other columns go to zero. On MNIST with lambda up to 0.9 that drops
        // the last units, so recovery is also measured on the identifiable ones.
        int identifiable = identifiableUnits(config.nonUniform(), pca.explainedVariance());
        INDArray decoder = models.get(0).decoder();
        int[] first = IntStream.range(0, identifiable).toArray();
        INDArray kept = decoder.getColumns(first);
        INDArray keptComponents = pca.components().getRows(first);
        int[] matches = Subspaces.bestMatches(kept, keptComponents);
        metrics.put("identifiable_units", (double) identifiable);
        metrics.put("axis_alignment_identifiable", Subspaces.axisAlignment(kept, keptComponents));
        metrics.put("subspace_distance_identifiable", Subspaces.subspaceDistance(kept, keptComponents));
        metrics.put("ordered_fraction", IntStream.range(0, identifiable).filter(i -> matches[i] == i).count()
                / (double) identifiable);
        metrics.put("iterations", (double) config.iterations());

        Charts.lines(traces.stream().map(t -> t.series(t.axisAlignment)).toList(),
                "Axis alignment of the decoder columns (k=" + config.k() + ")", "full-batch iteration",
                "(1/k) sum_i [1 - max_j cos^2(u_i, w_j)]", true, false, ctx.dir().figure("axis-alignment"));
        Charts.lines(traces.stream().map(t -> t.series(t.subspaceDistance)).toList(),
                "Distance to the principal subspace (k=" + config.k() + ")", "full-batch iteration",
                "1 - tr(UU^T WW^T)/k", true, true, ctx.dir().figure("subspace-distance"));
        ImageGrid.write(ctx.dir().figure("decoder-columns"), Nd4j.vstack(
                ImageGrid.signedToUnit(pca.components()),
                ImageGrid.signedToUnit(models.get(0).decoder().transpose()),
                ImageGrid.signedToUnit(models.get(2).decoder().transpose())), Mnist.SIDE, Mnist.SIDE, config.k(), 2);
        ctx.dir().writeMetrics(metrics);
    }

    /** How many leading units have lambda_i^2 below the i-th variance, so survive at the minimum. */
    static int identifiableUnits(double[] lambda, double[] variances) {
        int n = 0;
        while (n < lambda.length && lambda[n] * lambda[n] < variances[n]) {
            n++;
        }
        return n;
    }
}
