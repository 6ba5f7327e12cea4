package org.ae4j.experiments.linear;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.data.Split;
import org.ae4j.core.linear.Pca;
import org.ae4j.experiments.About.Published;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.Section;
import org.ae4j.viz.ImageGrid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PCA of MNIST (the lecture's "principal components of digits"): the mean digit and the top 16
 * components, the explained-variance curve, and test reconstructions from k = 5, 10, 30, 100
 * components. The 30-d reconstruction error is the PCA baseline of Hinton &amp; Salakhutdinov (2006),
 * published as 13.87 per test image (sum over 784 pixels of squared error, pixels in [0, 1]).
 */
public final class PcaMnist implements Experiment {

    @Override
    public About about() {
        return About.of("pca-mnist", Section.LINEAR, "12–17")
                .claim("""
                        The best K-dimensional linear map is the one that minimizes the reconstruction error, which is
                        the one that maximizes the projected variance: PCA, in closed form.
                        """)
                .description("PCA of MNIST: mean and top components, explained variance, "
                        + "reconstructions with k = 5..100")
                .figure("components", "The mean digit and the top principal components (eigen-images) of MNIST.")
                .figure("explained-variance", "Cumulative explained variance against the number of components.")
                .figure("reconstructions", "Test digits reconstructed from k = 5, 10, 30, 100 components.")
                .compareWith("test_sq_err_pca30", 13.87, Published.HINTON + ", 30-d PCA")
                .headline("explained_variance_ratio_30", "test_sq_err_pca10", "test_sq_err_pca100");
    }

    /** @param trainExamples fit on the first this many training images; test on the first testExamples */
    public record Config(int trainExamples, int testExamples, List<Integer> ks, int shownComponents) {
        public Config {
            ks = List.copyOf(ks);
            if (trainExamples < 1 || trainExamples > 60_000 || testExamples < 1 || testExamples > 10_000) {
                throw new IllegalArgumentException("need 1..60000 training and 1..10000 test images");
            }
            if (ks.isEmpty() || ks.stream().anyMatch(k -> k < 1 || k > Mnist.PIXELS)) {
                throw new IllegalArgumentException("component counts must be in 1.." + Mnist.PIXELS + ", got " + ks);
            }
        }

        int maxK() {
            return ks.stream().mapToInt(Integer::intValue).max().orElseThrow();
        }

        static Config of(RunOptions o) {
            return o.quick() ? new Config(10_000, 2_000, List.of(5, 10, 30, 100), 16)
                    : new Config(60_000, 10_000, List.of(5, 10, 30, 100), 16);
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);

        Dataset train = Mnist.load(ctx.data(), Split.TRAIN).head(config.trainExamples());
        Dataset test = Mnist.load(ctx.data(), Split.TEST).head(config.testExamples());

        Pca pca = Pca.fit(train.x(), config.maxK());

        Map<String, Double> metrics = new LinkedHashMap<>();
        INDArray shown = test.x().getRows(IntStream.range(0, 12).toArray());
        INDArray rows = shown;
        for (int k : config.ks()) {
            Pca pk = pca.truncate(k);
            metrics.put("explained_variance_ratio_" + k, sum(pk.explainedVarianceRatio()));
            metrics.put("test_sq_err_pca" + k, pk.reconstructionError(test.x()));
            rows = Nd4j.vstack(rows, pk.reconstruct(shown));
        }

        Figures.meanAndComponents(pca, config.shownComponents(), Mnist.SIDE, ctx.dir().figure("components"));
        Figures.explainedVariance(pca, "MNIST", ctx.dir().figure("explained-variance"));
        ImageGrid.write(ctx.dir().figure("reconstructions"), rows, Mnist.SIDE, Mnist.SIDE, 12, 3);
        ctx.dir().writeMetrics(metrics);
    }

    static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
