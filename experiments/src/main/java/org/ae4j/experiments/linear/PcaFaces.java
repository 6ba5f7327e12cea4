package org.ae4j.experiments.linear;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.Split;
import org.ae4j.core.data.sets.CbclFaces;
import org.ae4j.core.linear.Pca;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.Section;
import org.ae4j.viz.ImageGrid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eigenfaces (Turk &amp; Pentland 1991) of the 2,429 CBCL training faces, 19x19: the mean face, the top 16
 * principal components, the explained-variance curve and reconstructions from k = 5, 10, 30, 100.
 */
public final class PcaFaces implements Experiment {

    @Override
    public About about() {
        return About.of("pca-faces", Section.LINEAR, "17")
                .claim("""
                        PCA on faces: a few eigenfaces carry most of the variance.
                        """)
                .description("Eigenfaces of the 2429 CBCL training faces: "
                        + "mean face, top components, explained variance")
                .figure("eigenfaces", "The mean face and the top eigenfaces of the CBCL training faces.")
                .figure("explained-variance", "Cumulative explained variance of the faces.")
                .figure("reconstructions", "Faces reconstructed from a growing number of eigenfaces.")
                .headline("explained_variance_ratio_10", "explained_variance_ratio_30");
    }

    public record Config(List<Integer> ks, int shownComponents) {
        public Config {
            ks = List.copyOf(ks);
            if (ks.isEmpty() || ks.stream().anyMatch(k -> k < 1 || k > CbclFaces.PIXELS)) {
                throw new IllegalArgumentException("component counts must be in 1.." + CbclFaces.PIXELS + ", got " + ks);
            }
        }

        static Config of(RunOptions o) {
            return new Config(List.of(5, 10, 30, 100), 16); // the data set is small: --quick changes nothing
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);

        Dataset faces = CbclFaces.load(ctx.data(), Split.TRAIN, CbclFaces.Kind.FACE);

        Pca pca = Pca.fit(faces.x(), config.ks().stream().mapToInt(Integer::intValue).max().orElseThrow());

        Map<String, Double> metrics = new LinkedHashMap<>();
        INDArray shown = faces.x().getRows(IntStream.range(0, 12).map(i -> i * 200).toArray());
        INDArray rows = shown;
        for (int k : config.ks()) {
            Pca pk = pca.truncate(k);
            metrics.put("explained_variance_ratio_" + k, PcaMnist.sum(pk.explainedVarianceRatio()));
            metrics.put("train_sq_err_pca" + k, pk.reconstructionError(faces.x()));
            rows = Nd4j.vstack(rows, pk.reconstruct(shown));
        }
        metrics.put("faces", (double) faces.size());

        Figures.meanAndComponents(pca, config.shownComponents(), CbclFaces.SIDE, ctx.dir().figure("eigenfaces"));
        Figures.explainedVariance(pca, "CBCL faces", ctx.dir().figure("explained-variance"));
        ImageGrid.write(ctx.dir().figure("reconstructions"), rows, CbclFaces.SIDE, CbclFaces.SIDE, 12, 4);
        ctx.dir().writeMetrics(metrics);
    }
}
