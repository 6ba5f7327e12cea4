package org.ae4j.experiments.linear;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.eval.Reconstruction;
import org.ae4j.core.linear.LinearAutoencoder;
import org.ae4j.core.linear.Pca;
import org.ae4j.core.linear.Subspaces;
import org.ae4j.core.loss.Term;
import org.ae4j.core.random.Rng;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.Section;
import org.ae4j.viz.Charts;
import org.ae4j.viz.ImageGrid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;

/**
 * The lecture's claim that a linear AE x~ = U V x with K &lt; D, trained by gradient descent, reaches
 * PCA's reconstruction error and spans the principal subspace, but not with the principal basis: the
 * loss is invariant under U V = (U A^-1)(A V) for any invertible A. K = 20 on centered MNIST, trained
 * full batch with Adam on the exact loss.
 */
public final class LinearAeVsPca implements Experiment {

    @Override
    public About about() {
        return About.of("linear-ae-vs-pca", Section.LINEAR, "18–19")
                .claim("""
                        A linear AE trained by gradient descent reaches PCA's error and subspace but not its basis: any
                        invertible A gives the same loss through (UA⁻¹)(AV).
                        """)
                .description("Linear AE (K=20) vs PCA on MNIST: same subspace and error, different basis; U A^-1 A V "
                        + "invariance")
                .figure("decoder-vs-pca",
                        "The linear AE's decoder columns beside the principal components: same span, other basis.")
                .figure("recon-gap", "The gap to PCA's reconstruction error during training.")
                .figure("subspace-and-basis", "Subspace distance falls to zero while the axis alignment does not.")
                .headline("recon_gap_vs_pca", "subspace_distance", "axis_alignment", "reparam_loss_gap");
    }

    public record Config(int k, int trainExamples, int iterations, double learningRate, double initScale)
            implements TracedLae.Settings {
        public Config {
            if (k < 1 || k >= Mnist.PIXELS) {
                throw new IllegalArgumentException("K must be in 1.." + (Mnist.PIXELS - 1) + ", got " + k);
            }
            if (trainExamples < 1 || trainExamples > 60_000 || iterations < 1) {
                throw new IllegalArgumentException("need 1..60000 training images and at least one iteration");
            }
        }

        static Config of(RunOptions o) {
            // Full batch: an epoch is one iteration.
            return new Config(20, o.quick() ? 10_000 : 60_000, o.epochsOr(o.quick() ? 2_000 : 20_000), 0.01, 1e-4);
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);

        CenteredData data = CenteredData.mnist(ctx.data(), config.trainExamples());
        Pca pca = Pca.fit(data.train(), config.k());

        TracedLae traced = TracedLae.train("linear AE", new double[config.k()], data, pca, config,
                ctx.options().seed());
        LinearAutoencoder lae = traced.model();
        LaeTrace trace = traced.trace();

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("recon_gap_vs_pca", trace.last(trace.reconGap));
        metrics.put("subspace_distance", trace.last(trace.subspaceDistance));
        metrics.put("axis_alignment", trace.last(trace.axisAlignment));
        metrics.put("test_sq_err_lae", Reconstruction.squaredError(lae.decode(lae.encode(data.test())), data.test()));
        metrics.put("test_sq_err_pca", pca.reconstructionError(data.test()));

        // (U A^-1)(A V) is the same map, hence the same loss, with another basis.
        INDArray u = lae.decoder();
        INDArray v = lae.encoder();
        INDArray a = randomInvertible(config.k(), Rng.seeded(ctx.options().seed(), "reparameterization"));
        double before = Term.RECONSTRUCTION.in(lae.evaluate(data.secondMoment()));
        lae.setWeights(u.mmul(InvertMatrix.invert(a, false)), a.mmul(v));
        double after = Term.RECONSTRUCTION.in(lae.evaluate(data.secondMoment()));
        INDArray reparameterized = lae.decoder();
        lae.setWeights(u, v);
        metrics.put("reparam_loss_gap", Math.abs(after - before) / before);
        metrics.put("axis_alignment_reparam", Subspaces.axisAlignment(reparameterized, pca.components()));
        metrics.put("subspace_distance_reparam", Subspaces.subspaceDistance(reparameterized, pca.components()));
        metrics.put("iterations", (double) config.iterations());

        ImageGrid.write(ctx.dir().figure("decoder-vs-pca"), Nd4j.vstack(
                ImageGrid.signedToUnit(pca.components()),
                ImageGrid.signedToUnit(u.transpose()),
                ImageGrid.signedToUnit(reparameterized.transpose())), Mnist.SIDE, Mnist.SIDE, config.k(), 2);
        Charts.lines(List.of(trace.series(trace.reconGap)), "Linear AE (K=" + config.k() + ") vs PCA: relative reconstruction gap",
                "full-batch iteration", "(error - PCA error) / PCA error", true, true, ctx.dir().figure("recon-gap"));
        Charts.lines(List.of(trace.series("subspace distance", trace.subspaceDistance),
                        trace.series("axis alignment", trace.axisAlignment)),
                "Linear AE (K=" + config.k() + ") vs PCA: subspace and basis", "full-batch iteration", "distance",
                true, true, ctx.dir().figure("subspace-and-basis"));
        ctx.dir().writeMetrics(metrics);
    }

    /** I + G / (2 sqrt(k)) with standard normal G: invertible and well conditioned with high probability. */
    private static INDArray randomInvertible(int k, Rng rng) {
        double[] g = new double[k * k];
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.nextGaussian() / (2 * Math.sqrt(k));
        }
        return Nd4j.eye(k).castTo(DataType.DOUBLE).addi(Nd4j.create(g, new long[] {k, k}, 'c'));
    }

}
