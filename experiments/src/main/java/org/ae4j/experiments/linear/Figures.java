package org.ae4j.experiments.linear;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.ae4j.core.linear.Pca;
import org.ae4j.viz.Charts;
import org.ae4j.viz.ImageGrid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Figures that several PCA and linear auto-encoder experiments draw the same way. */
final class Figures {
    private Figures() {
    }

    /** The mean image, then the top {@code count} components (each on its own signed grey scale). */
    static void meanAndComponents(Pca pca, int count, int side, Path file) throws IOException {
        int n = Math.min(count, pca.k());
        INDArray components = pca.components().getRows(IntStream.range(0, n).toArray());
        INDArray images = Nd4j.vstack(pca.mean().castTo(DataType.DOUBLE), ImageGrid.signedToUnit(components));
        ImageGrid.write(file, images, side, side, Math.min(n + 1, 9), 4);
    }

    /** The cumulative explained-variance ratio against the number of components, over the whole spectrum. */
    static void explainedVariance(Pca pca, String data, Path file) throws IOException {
        double[] variances = pca.allVariances();
        double total = pca.totalVariance();
        double[] k = new double[variances.length];
        double[] cumulative = new double[variances.length];
        double running = 0;
        for (int i = 0; i < variances.length; i++) {
            running += variances[i];
            k[i] = i + 1;
            cumulative[i] = running / total;
        }
        Charts.lines(List.of(new Charts.Series("cumulative explained variance", k, cumulative)),
                data + ": explained variance of the top k principal components", "k", "fraction of variance",
                false, false, file);
    }
}
