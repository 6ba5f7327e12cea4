package org.ae4j.experiments.linear;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.ae4j.core.linear.LinearAutoencoder;
import org.ae4j.core.linear.Pca;
import org.ae4j.core.linear.Subspaces;
import org.ae4j.core.loss.Term;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.ae4j.viz.Charts;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records, during full-batch training of a linear auto-encoder, how far it is from PCA: the relative
 * reconstruction gap, the subspace distance and the axis alignment of its decoder columns.
 */
final class LaeTrace {
    private static final Logger LOG = LoggerFactory.getLogger(LaeTrace.class);
    private final String name;
    private final INDArray secondMoment;
    private final Pca pca;
    private final double pcaError;
    final List<Double> iterations = new ArrayList<>();
    final List<Double> reconGap = new ArrayList<>();
    final List<Double> subspaceDistance = new ArrayList<>();
    final List<Double> axisAlignment = new ArrayList<>();

    /** @param pca the top-k PCA of the same centered data (k = the LAE's code size) */
    LaeTrace(String name, INDArray secondMoment, Pca pca) {
        this.name = name;
        this.secondMoment = secondMoment;
        this.pca = pca;
        this.pcaError = pca.totalVariance() - PcaMnist.sum(pca.explainedVariance());
    }

    /**
     * Trains {@code model} (built with {@link LinearAutoencoder#onSecondMoment}) by full-batch Adam on this trace's
     * second moment for {@code iterations} steps, recording the trace at about ten log-spaced steps per decade.
     */
    void train(LinearAutoencoder model, int iterations, double learningRate, long seed) {
        Set<Integer> report = new HashSet<>();
        for (int it : logSpaced(iterations, 10)) {
            report.add(it);
        }
        new Trainer(new TrainConfig(iterations, 1, learningRate, seed)).checkpointEvery(iterations)
                .fit(model.trainGraph(), model.secondMomentFeeds(secondMoment), null, null, epoch -> {
                    if (report.contains(epoch.epoch())) {
                        at(epoch.epoch(), model);
                    }
                });
    }

    private void at(int iteration, LinearAutoencoder model) {
        INDArray decoder = model.decoder();
        iterations.add((double) iteration);
        reconGap.add((Term.RECONSTRUCTION.in(model.evaluate(secondMoment)) - pcaError) / pcaError);
        subspaceDistance.add(Subspaces.subspaceDistance(decoder, pca.components()));
        axisAlignment.add(Subspaces.axisAlignment(decoder, pca.components()));
        LOG.info("{}  iteration {}  recon gap {}  subspace distance {}  axis alignment {}", name, iteration,
                String.format("%.3g", last(reconGap)), String.format("%.3g", last(subspaceDistance)),
                String.format("%.3g", last(axisAlignment)));
    }

    double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    /** {@code values} against iterations, labelled with this trace's name. */
    Charts.Series series(List<Double> values) {
        return series(name, values);
    }

    Charts.Series series(String label, List<Double> values) {
        return new Charts.Series(label, unbox(iterations), unbox(values));
    }

    /** About {@code perDecade} iteration counts per factor of 10 from 1 to {@code max}, always ending at max. */
    static int[] logSpaced(int max, int perDecade) {
        TreeSet<Integer> points = new TreeSet<>();
        for (double e = 0; Math.pow(10, e) < max; e += 1.0 / perDecade) {
            points.add((int) Math.round(Math.pow(10, e)));
        }
        points.add(max);
        return points.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
