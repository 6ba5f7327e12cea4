package org.ae4j.core.model;

import static org.ae4j.core.SeededArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.prob.Gaussian;
import org.ae4j.core.prob.LearnedGaussian;
import org.ae4j.core.prob.Likelihood;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.GradientCheck;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class VaeTest {

    private static INDArray gaussian(long seed, long... shape) {
        Rng rng = Rng.seeded(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c');
    }


    @Test
    void theAnalyticKlMatchesAMonteCarloEstimateAndReparameterizedSamplesHaveTheRightMoments() {
        // q = N(mu, diag sigma^2) with K = 3; KL(q || N(0, I)) = E_q[log q(z) - log p(z)].
        SameDiff sd = SameDiff.create();
        INDArray mu = Nd4j.create(new double[][] {{0.5, -1.0, 2.0}});
        INDArray logVar = Nd4j.create(new double[][] {{-0.5, 0.3, -2.0}});
        DiagonalGaussian q = new DiagonalGaussian(sd.constant(mu), sd.constant(logVar), 3);
        int s = 200_000;
        SDVariable eps = sd.constant(gaussian(7, 1, s, 3));
        SDVariable z = q.sample(eps);
        SDVariable logRatio = q.logProbOfSample(eps).sub(DiagonalGaussian.standardNormalLogProb(z, 3)); // [1, S]
        double mc = logRatio.mean().eval().getDouble(0);
        double analytic = q.klToStandardNormal().eval().getDouble(0);
        // By hand: sum_k (mu^2 + e^lv - 1 - lv) / 2.
        double byHand = 0;
        for (int k = 0; k < 3; k++) {
            double m = mu.getDouble(0, k);
            double lv = logVar.getDouble(0, k);
            byHand += 0.5 * (m * m + Math.exp(lv) - 1 - lv);
        }
        assertEquals(byHand, analytic, 1e-12);
        assertEquals(analytic, mc, 0.02); // the MC standard error here is about 0.005

        INDArray samples = z.eval().reshape(s, 3);
        for (int k = 0; k < 3; k++) {
            INDArray column = samples.getColumn(k);
            assertEquals(mu.getDouble(0, k), column.meanNumber().doubleValue(), 0.01);
            assertEquals(Math.exp(logVar.getDouble(0, k)), column.varNumber().doubleValue(), 0.01);
        }
    }

    @Test
    void aVaeComposedOfTheRecipesPartsIsTheRecipesVaeAndMisfitPartsAreRefused() {
        Vae.Spec spec = new Vae.Spec(List.of(6, 5), Activation.TANH, 2, new Bernoulli(), 1, 1.0);
        Vae fromSpec = new Vae(spec, Rng.seeded(4), DataType.DOUBLE);
        Vae fromParts = new Vae(spec.parts(), Rng.seeded(4), DataType.DOUBLE);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 6);
        assertEquals(fromSpec.encode(x).mean(), fromParts.encode(x).mean());
        assertEquals(fromSpec.decode(Nd4j.ones(DataType.DOUBLE, 2, 2)), fromParts.decode(Nd4j.ones(DataType.DOUBLE, 2, 2)));
        Vae.Parts p = spec.parts();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Vae.Parts(
                new GaussianEncoder(List.of(6, 5), Activation.TANH, 3), p.decoder(), p.likelihood(), p.prior(), 1, 1.0));
        assertEquals("the decoder takes codes of 2 values but the encoder gives 3", e.getMessage());
    }

    @Test
    void negativeElboGradientsMatchFiniteDifferencesForEveryLikelihood() {
        for (Likelihood likelihood : List.<Likelihood>of(new Bernoulli(), new Gaussian(0.7), new LearnedGaussian())) {
            Vae vae = new Vae(new Vae.Spec(List.of(5, 4), Activation.TANH, 2, likelihood, 3, 1.0), Rng.seeded(2),
                    DataType.DOUBLE);
            Map<String, INDArray> feed = Map.of(Vae.INPUT, uniform(3, 4, 5), Vae.EPSILON, gaussian(4, 4, 3, 2));
            assertTrue(GradientCheck.passes(vae.sameDiff(), feed), likelihood.toString());
        }
    }

    @Test
    void encodeDecodeSampleAndWeightsHaveTheDocumentedShapes() {
        Vae vae = new Vae(new Vae.Spec(List.of(6, 5), Activation.RELU, 2, new Bernoulli(), 1, 1.0), Rng.seeded(1),
                DataType.FLOAT);
        INDArray x = uniform(1, 3, 6).castTo(DataType.FLOAT);
        Vae.Posterior q = vae.encode(x);
        assertArrayEquals(new long[] {3, 2}, q.mean().shape());
        assertArrayEquals(new long[] {3, 2}, q.logVar().shape());
        INDArray decoded = vae.decode(q.mean());
        assertArrayEquals(new long[] {3, 6}, decoded.shape());
        assertTrue(decoded.minNumber().doubleValue() >= 0 && decoded.maxNumber().doubleValue() <= 1);
        assertArrayEquals(new long[] {4, 6}, vae.sample(4, Rng.seeded(2)).shape());
        assertArrayEquals(new long[] {3, 7}, vae.logWeights(x, 7, Rng.seeded(3)).shape());
        assertEquals(3, vae.logLikelihood(x, 10, 2, 4, Rng.seeded(4)).length);
        // Sized to about 10,000 decoded rows a call: 1,000 examples, 10 samples a draw for k = 10.
        assertArrayEquals(vae.logLikelihood(x, 10, 1_000, 10, Rng.seeded(5)), vae.logLikelihood(x, 10, Rng.seeded(5)));
    }

    /**
     * Probabilistic PCA as a VAE: p(z) = N(0, I), p(x | z) = N(zW + b, σ² I) with a linear decoder and a
     * linear encoder. Its marginal log p(x) = log N(x; b, WᵀW + σ² I) is known in closed form.
     */
    @Test
    void onProbabilisticPcaTheBoundsHoldTighteningWithKAndMeetLogPxAtTheOptimum() {
        int d = 4;
        int k = 2;
        double sigma = 0.5;
        Rng rng = Rng.seeded(11);
        double[][] w = {{1.5, -0.5, 0.8, 0.2}, {0.3, 1.0, -0.6, 0.9}};
        int n = 400;
        double[] data = new double[n * d];
        for (int i = 0; i < n; i++) {
            double z0 = rng.nextGaussian();
            double z1 = rng.nextGaussian();
            for (int j = 0; j < d; j++) {
                data[i * d + j] = z0 * w[0][j] + z1 * w[1][j] + 0.3 * j + sigma * rng.nextGaussian();
            }
        }
        INDArray x = Nd4j.create(data, new long[] {n, d}, 'c');
        Vae vae = new Vae(new Vae.Spec(List.of(d), Activation.IDENTITY, k, new Gaussian(sigma), 4, 1.0),
                Rng.seeded(3), DataType.DOUBLE);

        Bounds before = bounds(vae, x, sigma);
        assertTrue(before.elbo() < before.logPx(), "ELBO " + before.elbo() + " above log p(x) " + before.logPx());
        assertTrue(before.logPx() - before.elbo() > 0.3, "an untrained encoder should leave a gap: " + before);

        Dataset train = Dataset.unlabelled(x);
        new Trainer(new TrainConfig(300, 40, 2e-2, 1e-4, 5)).fit(vae.trainGraph(), train, train, null,
                EpochListener.NONE);
        Bounds after = bounds(vae, x, sigma);
        assertTrue(after.elbo() <= after.logPx() + 0.01, after.toString());
        assertTrue(after.iwae10() >= after.iwae1() - 0.01 && after.iwae1000() >= after.iwae10() - 0.01, after.toString());
        assertEquals(after.logPx(), after.iwae1000(), 0.02, after.toString());
        // Diagonal q is exact at the optimum of a linear VAE (Lucas et al. 2019): the ELBO meets log p(x).
        assertEquals(after.logPx(), after.elbo(), 0.03, after.toString());
    }

    /** Means over the data, in nats per example. */
    private record Bounds(double logPx, double elbo, double iwae1, double iwae10, double iwae1000) {
    }

    private static Bounds bounds(Vae vae, INDArray x, double sigma) {
        INDArray w = vae.sameDiff().getVariable("decoder/w0").getArr();   // [K, D]
        INDArray b = vae.sameDiff().getVariable("decoder/b0").getArr();   // [1, D]
        INDArray cov = w.transpose().mmul(w).addi(Nd4j.eye(w.columns()).muli(sigma * sigma));
        double logPx = meanLogNormal(x, b, cov);
        double elbo = vae.logWeights(x, 4000, Rng.seeded(21)).meanNumber().doubleValue();
        return new Bounds(logPx, elbo, mean(vae.logLikelihood(x, 1, 100, 1, Rng.seeded(22))),
                mean(vae.logLikelihood(x, 10, 100, 10, Rng.seeded(23))),
                mean(vae.logLikelihood(x, 1000, 100, 250, Rng.seeded(24))));
    }

    /** Mean over rows of log N(x; b, C), by Cholesky in plain Java (D is tiny). */
    private static double meanLogNormal(INDArray x, INDArray b, INDArray cov) {
        int d = (int) cov.rows();
        double[][] c = cov.toDoubleMatrix();
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = c[i][j];
                for (int m = 0; m < j; m++) {
                    s -= l[i][m] * l[j][m];
                }
                l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
            }
        }
        double logDet = 0;
        for (int i = 0; i < d; i++) {
            logDet += 2 * Math.log(l[i][i]);
        }
        double[][] rows = x.toDoubleMatrix();
        double[] mean = b.toDoubleVector();
        double total = 0;
        for (double[] r : rows) {
            double[] y = new double[d]; // solve L y = r - b
            double quad = 0;
            for (int i = 0; i < d; i++) {
                double s = r[i] - mean[i];
                for (int m = 0; m < i; m++) {
                    s -= l[i][m] * y[m];
                }
                y[i] = s / l[i][i];
                quad += y[i] * y[i];
            }
            total += -0.5 * (quad + logDet + d * Math.log(2 * Math.PI));
        }
        return total / rows.length;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a;
        }
        return s / v.length;
    }
}
