package org.ae4j.experiments.variational;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.model.Autoencoder;
import org.ae4j.core.model.Vae;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.prob.StandardNormal;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.MnistSplits;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.Section;
import org.ae4j.viz.ImageGrid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The lecture's motivation for VAEs: a plain auto-encoder's decoder is no generator. An AE and a VAE of
 * the same shape are trained on MNIST; codes are drawn from N(0, I) for both, and for the AE also from a
 * Gaussian fitted to its training codes (mean and full covariance), then decoded.
 *
 * <p>How far the samples fall from the data is measured by the mean Euclidean distance (pixels in [0, 1])
 * from each sample to its nearest training image: {@code nn_dist_ae_standard_normal},
 * {@code nn_dist_ae_fitted_gaussian}, {@code nn_dist_vae_prior}, beside {@code nn_dist_test_images}, the
 * same distance for real test digits.
 */
public final class AeVsVaeSampling implements Experiment {

    @Override
    public About about() {
        return About.of("ae-vs-vae-sampling", Section.VARIATIONAL, "34–39")
                .claim("""
                        Codes sampled for a plain AE fall off the manifold and decode to bad data; a VAE learns a latent
                        space that is good for generation.
                        """)
                .description("decoding codes from N(0, I) through a plain AE and a VAE: the AE's samples fall off the "
                        + "data")
                .figure("samples-ae-standard-normal", "A plain AE's decoder on codes from N(0, I).")
                .figure("samples-ae-fitted-gaussian",
                        "A plain AE's decoder on codes from a Gaussian fitted to its training codes.")
                .figure("samples-vae-prior", "A VAE's decoder on codes from its prior N(0, I).")
                .headline("nn_dist_test_images", "nn_dist_vae_prior", "nn_dist_ae_standard_normal",
                        "nn_dist_ae_fitted_gaussian");
    }

    public record Config(List<Integer> encoderSizes, Activation hidden, int latent, int trainExamples,
                         int heldOutExamples, int samples, int references, TrainConfig train) {
        public Config {
            encoderSizes = List.copyOf(encoderSizes);
            if (encoderSizes.get(0) != Mnist.PIXELS || latent < 1 || samples < 1 || references < 1
                    || references > trainExamples || trainExamples < 1 || heldOutExamples < 1
                    || trainExamples + heldOutExamples > 60_000) {
                throw new IllegalArgumentException("need 784 inputs, K >= 1 and counts within MNIST");
            }
        }

        static Config of(RunOptions o) {
            List<Integer> sizes = List.of(784, 512, 256);
            return o.quick()
                    ? new Config(sizes, Activation.RELU, 16, 5_000, 500, 200, 5_000,
                    new TrainConfig(o.epochsOr(2), 128, 1e-3, o.seed()))
                    : new Config(sizes, Activation.RELU, 16, 55_000, 5_000, 1_000, 20_000,
                    new TrainConfig(o.epochsOr(20), 128, 1e-3, o.seed()));
        }
    }

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);
        long seed = config.train().seed();

        // As many test images as samples to compare their distances with, up to the 10,000 there are.
        MnistSplits data = MnistSplits.load(ctx.data(), new MnistSplits.Sizes(config.trainExamples(),
                config.heldOutExamples(), Math.min(config.samples(), 10_000)));
        List<Integer> aeSizes = new java.util.ArrayList<>(config.encoderSizes());
        aeSizes.add(config.latent());
        Autoencoder ae = new Autoencoder(aeSizes, config.hidden(), Rng.seeded(seed, "init"), DataType.FLOAT);
        Vae vae = new Vae(new Vae.Spec(config.encoderSizes(), config.hidden(), config.latent(), new Bernoulli(), 1, 1.0),
                Rng.seeded(seed, "init"), DataType.FLOAT);
        data.fit(ae.trainGraph(), config.train(), ctx.dir().model("ae"));
        data.fit(vae.trainGraph(), config.train(), ctx.dir().model("vae"));

        StandardNormal prior = new StandardNormal();
        INDArray standardCodes = prior.sample(config.samples(), config.latent(), Rng.seeded(seed, "codes"), DataType.FLOAT);
        INDArray aeStandard = ae.decode(standardCodes);
        INDArray aeFitted = ae.decode(fittedGaussian(ae.encode(data.train().x()), config.samples(),
                Rng.seeded(seed, "fitted-codes")));
        INDArray vaeSamples = vae.decode(standardCodes);

        int shown = Math.min(64, config.samples());
        int[] rows = java.util.stream.IntStream.range(0, shown).toArray();
        ImageGrid.write(ctx.dir().figure("samples-ae-standard-normal"), aeStandard.getRows(rows), Mnist.SIDE, Mnist.SIDE, 8, 2);
        ImageGrid.write(ctx.dir().figure("samples-ae-fitted-gaussian"), aeFitted.getRows(rows), Mnist.SIDE, Mnist.SIDE, 8, 2);
        ImageGrid.write(ctx.dir().figure("samples-vae-prior"), vaeSamples.getRows(rows), Mnist.SIDE, Mnist.SIDE, 8, 2);

        Dataset references = data.train().head(config.references());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("nn_dist_test_images", meanNearestDistance(data.test().x(), references.x()));
        metrics.put("nn_dist_ae_standard_normal", meanNearestDistance(aeStandard, references.x()));
        metrics.put("nn_dist_ae_fitted_gaussian", meanNearestDistance(aeFitted, references.x()));
        metrics.put("nn_dist_vae_prior", meanNearestDistance(vaeSamples, references.x()));
        metrics.put("ae_code_std_mean", ae.encode(data.train().x()).std(0).meanNumber().doubleValue());
        ctx.dir().writeMetrics(metrics);
    }

    /** {@code n} draws from N(m, C) with m and C the mean and covariance of the rows of {@code codes} [N, K]. */
    static INDArray fittedGaussian(INDArray codes, int n, Rng rng) {
        double[][] z = codes.castTo(DataType.DOUBLE).toDoubleMatrix();
        int k = z[0].length;
        double[] mean = new double[k];
        for (double[] row : z) {
            for (int j = 0; j < k; j++) {
                mean[j] += row[j] / z.length;
            }
        }
        double[][] cov = new double[k][k];
        for (double[] row : z) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    cov[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / (z.length - 1);
                }
            }
        }
        double[][] l = new double[k][k]; // Cholesky, with a tiny jitter against a singular covariance
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = cov[i][j] + (i == j ? 1e-9 : 0);
                for (int m = 0; m < j; m++) {
                    s -= l[i][m] * l[j][m];
                }
                l[i][j] = i == j ? Math.sqrt(Math.max(s, 0)) : (l[j][j] == 0 ? 0 : s / l[j][j]);
            }
        }
        float[] out = new float[n * k];
        double[] e = new double[k];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < k; j++) {
                e[j] = rng.nextGaussian();
            }
            for (int i = 0; i < k; i++) {
                double v = mean[i];
                for (int j = 0; j <= i; j++) {
                    v += l[i][j] * e[j];
                }
                out[r * k + i] = (float) v;
            }
        }
        return Nd4j.create(out, new long[] {n, k}, 'c');
    }

    /** Mean over rows of {@code a} [M, D] of the Euclidean distance to the nearest row of {@code b} [R, D]. */
    static double meanNearestDistance(INDArray a, INDArray b) {
        INDArray ad = a.castTo(DataType.DOUBLE);
        INDArray bd = b.castTo(DataType.DOUBLE);
        INDArray aSq = ad.mul(ad).sum(1);                         // [M]
        INDArray bSq = bd.mul(bd).sum(1);                         // [R]
        INDArray cross = ad.mmul(bd.transpose());                 // [M, R]
        double total = 0;
        for (int i = 0; i < a.rows(); i++) {
            INDArray d2 = bSq.sub(cross.getRow(i).mul(2)).addi(aSq.getDouble(i));
            total += Math.sqrt(Math.max(0, d2.minNumber().doubleValue()));
        }
        return total / a.rows();
    }
}
