package org.ae4j.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.ae4j.core.loss.FusibleTerm;
import org.ae4j.core.loss.LossTerms;
import org.ae4j.core.loss.Term;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.Block;
import org.ae4j.core.nn.Mlp;
import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.prob.Likelihood;
import org.ae4j.core.prob.Prior;
import org.ae4j.core.prob.StandardNormal;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A variational auto-encoder (Kingma &amp; Welling 2014) composed of its {@link Parts}: an amortized encoder to
 * q(z | x), a decoder to the parameters of a {@link Likelihood} p(x | z), a {@link Prior} p(z) and the
 * {@link Objective} it is trained on (the β-ELBO, or the IWAE bound and its variants) from L reparameterized samples
 * per example whose ε the trainer feeds; {@link Spec} builds the MLP one. Terms "reconstruction" and "kl" are logged
 * beside the total.
 *
 * <p>Shapes: x [B, D], ε [B, L, K + E] (E values per sample for a prior with a latent of its own), codes [B, K]. The same graph also gives importance weights
 * {@code log w = log p(x | z) + log p(z) − log q(z | x)} for any number of samples, from which
 * {@link #logLikelihood} forms the IWAE estimate of log p(x) (Burda et al. 2016).
 */
public final class Vae implements Model {
    public static final String INPUT = "x";
    public static final String EPSILON = "epsilon";
    public static final String EVAL_EPSILON = "epsilon_eval";
    public static final String LATENT = "z";
    public static final String CODE_MEAN = "code_mean";
    public static final String CODE_LOG_VAR = "code_log_var";
    public static final String DECODED_MEAN = "decoded_mean";
    /** The likelihood's parameters decoded from {@link #LATENT}. */
    public static final String DECODED_PARAMS = "decoded_params";
    public static final String LOG_WEIGHTS = "log_weights";
    /** The scopes of the encoder's and the decoder's parameters. */
    static final String ENCODER = "encoder";
    static final String DECODER = "decoder";

    /**
     * The MLP VAE of the lecture and of Kingma &amp; Welling (2014): a {@link GaussianEncoder} on an MLP trunk, the
     * mirrored MLP decoder, and the standard normal prior.
     *
     * @param encoderSizes the encoder trunk from the input, e.g. [784, 400]; the decoder mirrors it
     * @param latent       K
     * @param objective    what training maximizes
     */
    public record Spec(List<Integer> encoderSizes, Activation hidden, int latent, Likelihood likelihood,
                       Objective objective) {
        public Spec {
            encoderSizes = List.copyOf(encoderSizes);
            if (likelihood == null || hidden == null || objective == null) {
                throw new IllegalArgumentException("a VAE needs a likelihood, an activation and an objective");
            }
        }

        /** Trained on the β-ELBO with L samples per example (β = 1: the ELBO). */
        public Spec(List<Integer> encoderSizes, Activation hidden, int latent, Likelihood likelihood, int samples,
                    double beta) {
            this(encoderSizes, hidden, latent, likelihood, new Objective.BetaElbo(samples, beta));
        }

        /** The same VAE trained on {@code other}. */
        public Spec withObjective(Objective other) {
            return new Spec(encoderSizes, hidden, latent, likelihood, other);
        }

        /** The parts this recipe builds. */
        public Parts parts() {
            GaussianEncoder encoder = new GaussianEncoder(encoderSizes(), hidden(), latent());
            List<Integer> decoderSizes = new ArrayList<>();
            decoderSizes.add(latent());
            for (int i = encoderSizes().size() - 1; i >= 1; i--) {
                decoderSizes.add(encoderSizes().get(i));
            }
            decoderSizes.add(likelihood().paramsPerDimension() * encoder.inputSize());
            Mlp decoder = new Mlp(decoderSizes, hidden(), Activation.IDENTITY);
            return new Parts(encoder, decoder, likelihood(), new StandardNormal(), objective());
        }
    }

    /**
     * What a VAE is made of.
     *
     * @param encoder    x [B, D] to q(z | x) over K dimensions
     * @param decoder    codes [B, K] to the likelihood's parameters [B, P·D]
     * @param likelihood p(x | θ)
     * @param prior      p(z)
     * @param objective  what training maximizes
     */
    public record Parts(VariationalEncoder encoder, Block decoder, Likelihood likelihood, Prior prior,
                        Objective objective) {
        public Parts {
            if (encoder == null || decoder == null || likelihood == null || prior == null || objective == null) {
                throw new IllegalArgumentException("a VAE needs an encoder, a decoder, a likelihood, a prior and an "
                        + "objective");
            }
            Autoencoder.checkDecoder(decoder, encoder.latent(), encoder.inputSize(), likelihood);
        }

        /** Trained on the β-ELBO with L samples per example (β = 1: the ELBO). */
        public Parts(VariationalEncoder encoder, Block decoder, Likelihood likelihood, Prior prior, int samples,
                     double beta) {
            this(encoder, decoder, likelihood, prior, new Objective.BetaElbo(samples, beta));
        }

        /** K. */
        public int latent() {
            return encoder.latent();
        }
    }

    /** q(z | x) of a batch as arrays: mean and log-variance, [N, K] each. */
    public record Posterior(INDArray mean, INDArray logVar) {
    }

    private final Parts parts;
    private final DataType type;
    private final SameDiff sd;
    private final LossTerms loss;
    private final List<FusibleTerm> fusible;
    /** The importance weights, compiled per feed shape: log-likelihood estimates repeat one shape thousands of times. */
    private final Outputs evaluations;

    /** The MLP VAE of {@code spec}. */
    public Vae(Spec spec, Rng rng, DataType type) {
        this(spec.parts(), rng, type);
    }

    /** A VAE composed of its parts, its parameters drawn from {@code rng}. */
    public Vae(Parts parts, Rng rng, DataType type) {
        this.parts = parts;
        this.type = type;
        VariationalEncoder encoder = parts.encoder();
        Block decoder = parts.decoder();
        Prior prior = parts.prior();
        Likelihood likelihood = parts.likelihood();
        int d = encoder.inputSize();
        int k = encoder.latent();

        sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, type, -1, d);                                    // [B, D]
        DiagonalGaussian q = encoder.apply(sd, ENCODER, x, rng);
        prior.build(sd, rows -> encoder.apply(sd, ENCODER, rows, rng), d, rng, type);
        q.mean().rename(CODE_MEAN);
        q.logVar().rename(CODE_LOG_VAR);

        Objective objective = parts.objective();
        int width = k + prior.noiseWidth();
        SDVariable eps = sd.placeHolder(EPSILON, type, -1, objective.samples(), width);       // [B, L, K + E]
        SDVariable codeEps = Elbo.codeNoise(eps, q, prior);                                    // [B, L, K]
        UnaryOperator<SDVariable> decode = z -> decoder.apply(sd, DECODER, z, rng);
        SDVariable params = Elbo.decodeSamples(q, codeEps, decode);                             // [B*L, P*D]
        SDVariable logLik = Elbo.logLikelihoodOfSamples(sd, x, params, codeEps, likelihood, d); // [B, L]
        loss = objective.loss(logLik, other -> Elbo.logLikelihoodOfSamples(sd, x, other, codeEps, decode, likelihood, d),
                eps, q, prior);
        sd.setLossVariables(loss.total());
        fusible = objective.reconstructionIsSeparable() ? likelihood.meanNllTerm(params.name(), INPUT,
                objective.samples(), loss.variable(Term.RECONSTRUCTION).name()).stream().toList() : List.of();

        SDVariable evalEps = sd.placeHolder(EVAL_EPSILON, type, -1, -1, width);              // [B, S, K + E]
        SDVariable evalLogLik = Elbo.logLikelihoodOfSamples(sd, x, q, Elbo.codeNoise(evalEps, q, prior), decode,
                likelihood, d);
        Elbo.logWeights(evalLogLik, q, evalEps, prior).rename(LOG_WEIGHTS);                  // [B, S]
        evaluations = Outputs.of(sd);

        SDVariable z = sd.placeHolder(LATENT, type, -1, k);                                   // [N, K]
        // An identity of its own: a likelihood whose mean is its parameters would otherwise rename them away.
        SDVariable decoded = sd.identity(DECODED_PARAMS, decode.apply(z));                      // [N, P*D]
        likelihood.mean(sd, decoded, d).rename(DECODED_MEAN);
    }

    /** What this VAE is made of. */
    public Parts parts() {
        return parts;
    }

    public Prior prior() {
        return parts.prior();
    }

    /** The decoder network, whose parameters live in scope "decoder". */
    public Block decoder() {
        return parts.decoder();
    }

    /** Copies of all parameters by name: the encoder's, the decoder's and the prior's, if it has any. */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                params.put(v.name(), v.getArr().dup());
            }
        }
        return params;
    }

    /** The graph, its input, the negative bound and the ε it needs at every step. */
    @Override
    public TrainGraph trainGraph() {
        return new TrainGraph(sd, INPUT, loss, List.of(epsilon()), fusible);
    }

    /**
     * The same, with every batch dynamically binarized before the encoder and the likelihood see it
     * (the setting of Burda et al. 2016 on MNIST): data are grey levels read as probabilities.
     */
    public TrainGraph binarizedTrainGraph() {
        return trainGraph(Noise.binarized(INPUT));
    }

    /**
     * The same, with every batch replaced by {@code input}'s fresh draw before the encoder and the likelihood see it,
     * e.g. {@link Noise#dequantized} for a density on grey levels.
     */
    public TrainGraph trainGraph(Noise input) {
        if (!INPUT.equals(input.placeholder())) {
            throw new IllegalArgumentException("input noise must feed '" + INPUT + "', not '" + input.placeholder() + "'");
        }
        return new TrainGraph(sd, INPUT, loss, List.of(input, epsilon()), fusible);
    }

    private Noise epsilon() {
        return Noise.standardNormal(EPSILON, type, parts.objective().samples(), noiseWidth());
    }

    /** K + E: standard normal values per sample, K for the code and E for the prior's own latent, if any. */
    private int noiseWidth() {
        return parts.latent() + parts.prior().noiseWidth();
    }

    /** q(z | x) for each row of {@code x} [N, D]. */
    public Posterior encode(INDArray x) {
        Map<String, INDArray> out = sd.output(Map.of(INPUT, x), CODE_MEAN, CODE_LOG_VAR);
        return new Posterior(out.get(CODE_MEAN), out.get(CODE_LOG_VAR));
    }

    /** The mean of p(x | z) for each row of {@code z} [N, K]: [N, D]. */
    public INDArray decode(INDArray z) {
        return sd.output(Map.of(LATENT, z), DECODED_MEAN).get(DECODED_MEAN);
    }

    /**
     * The likelihood's parameters for each row of {@code z} [N, K]: [N, P·D], e.g. the means then the log-variances
     * of a {@link org.ae4j.core.prob.LearnedGaussian}.
     */
    public INDArray decoderParameters(INDArray z) {
        return sd.output(Map.of(LATENT, z), DECODED_PARAMS).get(DECODED_PARAMS);
    }

    /** Decoded means of {@code n} codes drawn from the prior: [n, D]. */
    public INDArray sample(int n, Rng rng) {
        return decode(parts.prior().sample(sd, n, parts.latent(), rng, type));
    }

    /**
     * Importance weights {@code log p(x, z_s) − log q(z_s | x)} for {@code samples} draws per example:
     * [N, S], with ε from {@code rng}.
     */
    public INDArray logWeights(INDArray x, int samples, Rng rng) {
        INDArray eps = Noise.standardNormal(EVAL_EPSILON, type, samples, noiseWidth()).sample(x, rng);
        return evaluations.output(Map.of(INPUT, x, EVAL_EPSILON, eps), LOG_WEIGHTS).get(LOG_WEIGHTS);
    }

    /**
     * {@link #logLikelihood(INDArray, int, int, int, Rng)} in calls of about 10,000 decoded rows: 10,000 / k examples
     * at a time, at most 1,000 samples per draw.
     */
    public double[] logLikelihood(INDArray x, int k, Rng rng) {
        if (k < 1) {
            throw new IllegalArgumentException("need k >= 1, got " + k);
        }
        return logLikelihood(x, k, Math.max(1, 10_000 / k), Math.min(k, 1_000), rng);
    }

    /**
     * The importance-sampled estimate of log p(x) per example (the IWAE bound, Burda et al. 2016, Eq. 8),
     * {@code log (1/k) Σ_s w_s}, in nats. Samples are drawn {@code chunk} at a time for {@code batch}
     * examples at a time and combined with a running log-sum-exp in double, so k = 5000 fits in memory.
     * A lower bound on log p(x) that rises with k; k = 1 is an unbiased single-sample ELBO estimate.
     *
     * @return one value per row of {@code x}
     */
    public double[] logLikelihood(INDArray x, int k, int batch, int chunk, Rng rng) {
        if (k < 1 || batch < 1 || chunk < 1) {
            throw new IllegalArgumentException("need k, batch and chunk >= 1, got " + k + ", " + batch + ", " + chunk);
        }
        int n = (int) x.rows();
        double[] out = new double[n];
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            INDArray rows = x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
            double[] max = new double[to - from];
            double[] sum = new double[to - from];
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            for (int done = 0; done < k; done += chunk) {
                int s = Math.min(chunk, k - done);
                double[][] w = logWeights(rows, s, rng).castTo(DataType.DOUBLE).toDoubleMatrix();
                for (int i = 0; i < w.length; i++) {
                    for (double v : w[i]) {
                        if (!Double.isFinite(v)) {
                            throw new IllegalStateException("a non-finite importance weight (" + v + ") for example "
                                    + (from + i));
                        }
                        if (v > max[i]) {
                            sum[i] = sum[i] * Math.exp(max[i] - v) + 1;
                            max[i] = v;
                        } else {
                            sum[i] += Math.exp(v - max[i]);
                        }
                    }
                }
            }
            for (int i = 0; i < max.length; i++) {
                out[from + i] = max[i] + Math.log(sum[i]) - Math.log(k);
            }
        }
        return out;
    }
}
