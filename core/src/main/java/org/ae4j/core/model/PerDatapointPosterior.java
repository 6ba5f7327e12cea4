package org.ae4j.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.ae4j.core.data.FullBatch;
import org.ae4j.core.loss.LossTerms;
import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Traditional, non-amortized variational inference on a trained VAE's decoder: each of N images gets
 * its own q_n(z) = N(μ_n, diag σ_n²), free variational parameters optimized on that image's ELBO with the
 * decoder and prior fixed (the lecture's "one q per datapoint" before amortization; Cremer et al. 2018).
 *
 * <p>Shapes: images [N, D], μ and log σ² [N, K], ε [N, L, K].
 */
public final class PerDatapointPosterior implements Model {
    // The VAE's names for ε, the evaluation's ε and the importance weights; these are its own.
    private static final String MEAN = "q/mean";
    private static final String LOG_VAR = "q/log_var";
    private static final String LOG_LIKELIHOOD = "log_likelihood";
    private static final String IMAGES = "images";
    /** Decoded rows (image × sample) per evaluation call: 20,000 MNIST rows hold about 63 MB per array. */
    static final long CHUNK_ROWS = 20_000;

    private final SameDiff sd = SameDiff.create();
    private final LossTerms loss;
    private final int samples;
    private final int latent;
    private final DataType type;
    private final INDArray images;

    /**
     * @param vae     the trained model whose decoder and prior are used, unchanged
     * @param images  the data, [N, D]
     * @param start   the initial q_n, e.g. the amortized encoder's output for the images
     * @param samples L, reparameterized samples per image and step
     */
    public PerDatapointPosterior(Vae vae, INDArray images, Vae.Posterior start, int samples) {
        if (vae.prior().noiseWidth() > 0) {
            throw new IllegalArgumentException("per-datapoint inference needs a prior with a density in closed form, not "
                    + vae.prior());
        }
        this.samples = samples;
        this.latent = vae.parts().latent();
        this.type = images.dataType();
        this.images = images;
        int d = (int) images.columns();
        SDVariable x = sd.placeHolder(IMAGES, type, images.rows(), d);                          // [N, D]
        vae.parameters().forEach(sd::constant);                // fixed: constants under the VAE's names
        vae.prior().build(sd, rows -> vae.parts().encoder().apply(sd, Vae.ENCODER, rows, null), d, null, type);
        DiagonalGaussian q = new DiagonalGaussian(sd.var(MEAN, start.mean().dup()), sd.var(LOG_VAR, start.logVar().dup()),
                latent);
        UnaryOperator<SDVariable> decode = z -> vae.decoder().apply(sd, Vae.DECODER, z, null);
        SDVariable eps = sd.placeHolder(Vae.EPSILON, type, -1, samples, latent);                  // [N, L, K]
        SDVariable logLik = Elbo.logLikelihoodOfSamples(sd, x, q, eps, decode, vae.parts().likelihood(), d);
        logLik.rename(LOG_LIKELIHOOD);                                                          // [N, L]
        loss = Elbo.negative(logLik, samples, q, eps, vae.prior(), 1.0);
        sd.setLossVariables(loss.total());
        SDVariable evalEps = sd.placeHolder(Vae.EVAL_EPSILON, type, -1, -1, latent);               // [N, S, K]
        Elbo.logWeights(Elbo.logLikelihoodOfSamples(sd, x, q, evalEps, decode, vae.parts().likelihood(), d), q,
                evalEps, vae.prior()).rename(Vae.LOG_WEIGHTS);
    }

    /**
     * For the {@link org.ae4j.core.train.Trainer}, with {@link #feeds()}: Adam on the variational parameters alone
     * (the decoder's are constants), each step on all N images with fresh ε [N, L, K].
     */
    @Override
    public TrainGraph trainGraph() {
        return new TrainGraph(sd, IMAGES, loss, List.of(Noise.standardNormal(Vae.EPSILON, type, samples, latent)));
    }

    /** One full batch of the N images per epoch: an epoch is one step. */
    public FullBatch feeds() {
        return FullBatch.of(Map.of(IMAGES, images));
    }

    /** The current q_n: means and log-variances, [N, K]. */
    public Vae.Posterior posterior() {
        return new Vae.Posterior(sd.getVariable(MEAN).getArr().dup(), sd.getVariable(LOG_VAR).getArr().dup());
    }

    /**
     * Importance weights log p(x_n, z_s) − log q_n(z_s) for {@code count} draws per image: [N, count].
     * Drawn in chunks of at most {@link #CHUNK_ROWS} decoded rows, since every draw decodes a whole image.
     */
    public INDArray logWeights(int count, Rng rng) {
        INDArray rows = sd.getVariable(MEAN).getArr();
        int chunk = (int) Math.max(1, Math.min(count, CHUNK_ROWS / rows.rows()));
        List<INDArray> parts = new ArrayList<>();
        for (int done = 0; done < count; done += chunk) {
            int s = Math.min(chunk, count - done);
            INDArray eps = Noise.standardNormal(Vae.EVAL_EPSILON, type, s, latent).sample(rows, rng);
            parts.add(sd.output(Map.of(IMAGES, images, Vae.EVAL_EPSILON, eps), Vae.LOG_WEIGHTS).get(Vae.LOG_WEIGHTS));
            eps.close();
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        INDArray all = Nd4j.concat(1, parts.toArray(INDArray[]::new));
        closeOwned(parts);
        return all;
    }

    /** Frees SameDiff's results now, not at a garbage collection; arrays SameDiff keeps (views) are left alone. */
    private static void closeOwned(Iterable<INDArray> arrays) {
        for (INDArray a : arrays) {
            if (a.closeable()) {
                a.close();
            }
        }
    }

    /** {@code log p(x_n | μ_n + σ_n ε_ns)} for the given ε [N, L, K]: [N, L]. */
    public INDArray logLikelihood(INDArray eps) {
        return sd.output(Map.of(IMAGES, images, Vae.EPSILON, eps), LOG_LIKELIHOOD).get(LOG_LIKELIHOOD);
    }

    /**
     * The reparameterization-trick gradient of the negative ELBO with respect to (μ_n, log σ_n²) for the
     * given ε, per image (not divided by N): [N, 2K], μ first.
     */
    public INDArray reparameterizationGradient(INDArray eps) {
        Map<String, INDArray> g = sd.calculateGradients(Map.of(IMAGES, images, Vae.EPSILON, eps), MEAN, LOG_VAR);
        long n = g.get(MEAN).rows();
        INDArray both = Nd4j.hstack(g.get(MEAN), g.get(LOG_VAR)).muli(n);
        closeOwned(g.values());
        return both;
    }

    /**
     * The score-function (REINFORCE) estimate of the same gradient from the same ε, per image: [N, 2K].
     * With z = μ + σε, ∇_μ log q(z) = ε/σ and ∇_{log σ²} log q(z) = (ε² − 1)/2, so the reconstruction
     * part is {@code −(1/L) Σ_s log p(x | z_s) ∇ log q(z_s)}; the analytic KL gradient (μ, (σ² − 1)/2) is
     * added as in the reparameterized estimate.
     */
    public INDArray scoreFunctionGradient(INDArray eps) {
        INDArray logLik = logLikelihood(eps);
        double[][] f = logLik.castTo(DataType.DOUBLE).toDoubleMatrix();                        // [N, L]
        logLik.close();
        double[][] mu = sd.getVariable(MEAN).getArr().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] logVar = sd.getVariable(LOG_VAR).getArr().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] e = eps.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int n = mu.length;
        double[][] grad = new double[n][2 * latent];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < latent; k++) {
                double sigma = Math.exp(0.5 * logVar[i][k]);
                double gMu = 0;
                double gLogVar = 0;
                for (int s = 0; s < samples; s++) {
                    double ek = e[(i * samples + s) * latent + k];
                    gMu -= f[i][s] * ek / sigma;
                    gLogVar -= f[i][s] * 0.5 * (ek * ek - 1);
                }
                grad[i][k] = gMu / samples + mu[i][k];
                grad[i][latent + k] = gLogVar / samples + 0.5 * (Math.exp(logVar[i][k]) - 1);
            }
        }
        return Nd4j.create(grad).castTo(type);
    }

    /** Fresh ε for this posterior's N images and L samples: [N, L, K]. */
    public INDArray drawEpsilon(Rng rng) {
        return Noise.standardNormal(Vae.EPSILON, type, samples, latent).sample(sd.getVariable(MEAN).getArr(), rng);
    }
}
