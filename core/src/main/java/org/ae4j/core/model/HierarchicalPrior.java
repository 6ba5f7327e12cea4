package org.ae4j.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.prob.Prior;
import org.ae4j.core.prob.StandardNormal;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A second stochastic layer as the prior of the first: {@code p(z1) = ∫ p(z1 | z2) p(z2) dz2} with p(z2) = N(0, I),
 * the conditional p(z1 | z2) a diagonal Gaussian from a network, and q(z2 | z1) its inference network (Burda et al.
 * 2016, Sec. 5: x → z1 → z2). log p(z1) is estimated from one draw z2 = μ(z1) + σ(z1) ε2 as
 * {@code log p(z1 | z2) + log p(z2) − log q(z2 | z1)}, so a VAE with this prior has exactly the two-layer model's
 * importance weights {@code log p(x | z1) p(z1 | z2) p(z2) − log q(z1 | x) q(z2 | z1)}, and its bounds are the
 * two-layer model's. ε2 is the prior's {@link #noiseWidth()}: K2 values per sample.
 *
 * @param inference   q(z2 | z1): K1 inputs to K2
 * @param conditional p(z1 | z2): K2 inputs to K1
 */
public record HierarchicalPrior(VariationalEncoder inference, VariationalEncoder conditional) implements Prior {
    static final String INFERENCE = "prior_inference";
    static final String CONDITIONAL = "prior_conditional";
    /** Codes z2 [N, K2] fed to draw z1 from p(z1 | z2) when sampling. */
    static final String TOP_CODES = "prior/z2";
    static final String CONDITIONAL_MEAN = "prior/z1_mean";
    static final String CONDITIONAL_LOG_VAR = "prior/z1_log_var";

    public HierarchicalPrior {
        if (inference == null || conditional == null) {
            throw new IllegalArgumentException("a hierarchical prior needs q(z2 | z1) and p(z1 | z2)");
        }
        if (inference.inputSize() != conditional.latent() || inference.latent() != conditional.inputSize()) {
            throw new IllegalArgumentException("q(z2 | z1) maps " + inference.inputSize() + " to " + inference.latent()
                    + " values but p(z1 | z2) maps " + conditional.inputSize() + " to " + conditional.latent());
        }
    }

    /**
     * Burda et al.'s MLPs: q(z2 | z1) through {@code hidden} (e.g. [50, 50]) and p(z1 | z2) through the same widths
     * reversed, each ending in a Gaussian's mean and log-variance heads.
     */
    public static HierarchicalPrior mlp(int k1, List<Integer> hidden, Activation activation, int k2) {
        List<Integer> up = new ArrayList<>(List.of(k1));
        up.addAll(hidden);
        List<Integer> down = new ArrayList<>(hidden);
        down.add(k2);
        Collections.reverse(down);
        return new HierarchicalPrior(new GaussianEncoder(up, activation, k2), new GaussianEncoder(down, activation, k1));
    }

    @Override
    public int noiseWidth() {
        return inference.latent();
    }

    /** Creates both networks' parameters, and the sampling path z2 → p(z1 | z2). */
    @Override
    public void build(SameDiff sd, Function<SDVariable, DiagonalGaussian> encoder, int inputSize, Rng rng,
                      DataType type) {
        inference.apply(sd, INFERENCE, sd.placeHolder("prior/z1", type, -1, inference.inputSize()), rng);
        DiagonalGaussian p = conditional.apply(sd, CONDITIONAL,
                sd.placeHolder(TOP_CODES, type, -1, conditional.inputSize()), rng);
        p.mean().rename(CONDITIONAL_MEAN);
        p.logVar().rename(CONDITIONAL_LOG_VAR);
    }

    /** {@code log p(z1 | z2) + log p(z2) − log q(z2 | z1)} with z2 = μ(z1) + σ(z1) ε2: [N, K1] to [N]. */
    @Override
    public SDVariable logProb(SDVariable z, long k, SDVariable noise) {
        if (k != inference.inputSize()) {
            throw new IllegalArgumentException("q(z2 | z1) takes codes of " + inference.inputSize() + " values but the "
                    + "encoder gives " + k);
        }
        SameDiff sd = z.getSameDiff();
        int k2 = inference.latent();
        DiagonalGaussian q = inference.apply(sd, INFERENCE, z, null);
        SDVariable eps = noise.reshape(-1, 1, k2);                                              // [N, 1, K2]
        SDVariable top = q.sample(eps).reshape(-1, k2);                                         // [N, K2]
        SDVariable logQ = q.logProbOfSample(eps).reshape(-1);                                   // [N]
        SDVariable logConditional = conditional.apply(sd, CONDITIONAL, top, null).logProb(z);   // [N]
        return logConditional.add(DiagonalGaussian.standardNormalLogProb(top, k2)).sub(logQ);
    }

    /** Codes z1 [n, K1] by ancestral sampling: z2 ~ N(0, I), then z1 ~ p(z1 | z2). */
    @Override
    public INDArray sample(SameDiff sd, int n, int k, Rng rng, DataType type) {
        INDArray top = new StandardNormal().sample(n, inference.latent(), rng, type);
        Map<String, INDArray> p = sd.output(Map.of(TOP_CODES, top), CONDITIONAL_MEAN, CONDITIONAL_LOG_VAR);
        INDArray noise = new StandardNormal().sample(n, k, rng, type);
        return p.get(CONDITIONAL_MEAN).add(Transforms.exp(p.get(CONDITIONAL_LOG_VAR).mul(0.5), false).mul(noise));
    }
}
