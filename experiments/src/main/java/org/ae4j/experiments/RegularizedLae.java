package org.ae4j.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.data.Mnist;
import org.ae4j.core.data.Rng;
import org.ae4j.core.data.Split;
import org.ae4j.core.linear.LinearAutoencoder;
import org.ae4j.core.linear.Pca;
import org.ae4j.experiments.viz.Charts;
import org.ae4j.experiments.viz.ImageGrid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bao, Lucas, Sachdeva &amp; Grosse (NeurIPS 2020), "Regularized linear autoencoders recover the principal
 * components, eventually": non-uniform L2 with lambda = linspace(0.1, 0.9, k), k = 20, on centered
 * full-batch MNIST breaks the rotation symmetry, so the decoder columns converge to the ordered principal
 * directions; without regularization, or with uniform L2, only the subspace is recovered. Adam, the
 * authors' initialization scale 1e-4 and learning rate 0.01 for all three.
 */
public final class RegularizedLae implements Experiment {

    public record Config(int k, int trainExamples, int iterations, double learningRate, double initScale,
                         double lambdaMin, double lambdaMax, double uniformLambda) {
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
    public String name() {
        return "regularized-lae";
    }

    @Override
    public String description() {
        return "Bao et al. 2020: non-uniform L2 makes a linear AE recover the ordered principal components";
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = Config.of(ctx.options());
        ctx.writeConfig(config);

        CenteredData data = CenteredData.of(Mnist.load(ctx.data(), Split.TRAIN).head(config.trainExamples()),
                Mnist.load(ctx.data(), Split.TEST));
        Pca pca = Pca.fit(data.train(), config.k());

        Map<String, double[]> variants = new LinkedHashMap<>();
        variants.put("non-uniform L2", config.nonUniform());
        variants.put("uniform L2", config.uniform());
        variants.put("unregularized", new double[config.k()]);
        List<LaeTrace> traces = new ArrayList<>();
        List<LinearAutoencoder> models = new ArrayList<>();
        for (Map.Entry<String, double[]> variant : variants.entrySet()) {
            LinearAutoencoder lae = LinearAutoencoder.onSecondMoment(data.dim(), variant.getValue(),
                    config.initScale(), Rng.seeded(ctx.options().seed(), "init"), DataType.DOUBLE);
            LaeTrace trace = new LaeTrace(variant.getKey(), data.secondMoment(), pca);
            lae.fitFullBatch(data.secondMoment(), config.iterations(), config.learningRate(),
                    LaeTrace.logSpaced(config.iterations(), 10), trace);
            traces.add(trace);
            models.add(lae);
        }

        Map<String, Double> metrics = new LinkedHashMap<>();
        String[] suffixes = {"", "_uniform", "_unregularized"};
        for (int i = 0; i < traces.size(); i++) {
            metrics.put("axis_alignment" + suffixes[i], traces.get(i).last(traces.get(i).axisAlignment));
            metrics.put("subspace_distance" + suffixes[i], traces.get(i).last(traces.get(i).subspaceDistance));
        }
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
}
