package org.ae4j.core.model;

import java.util.Map;
import java.util.function.Function;
import org.ae4j.core.nn.Reduce;
import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.prob.Prior;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The VampPrior (Tomczak &amp; Welling 2018, Eq. 9): {@code p(z) = (1/C) Σ_c q(z | u_c)}, the mixture of the
 * encoder's own posteriors at C learned pseudo-inputs u_c [C, D]. As in the paper's code for binary data, the
 * pseudo-inputs are parameters clipped to [0, 1] (a hard tanh) and start at N(mean, std²) draws (0.05 and 0.01 on
 * MNIST). The KL from q has no closed form: the model estimates it from its samples.
 *
 * @param components C (500 in the paper)
 * @param initMean   the pseudo-inputs' initial mean
 * @param initStd    their initial standard deviation
 */
public record VampPrior(int components, double initMean, double initStd) implements Prior {
    /** The pseudo-inputs before clipping, [C, D]: the prior's one parameter. */
    public static final String PSEUDO_INPUTS = "prior/pseudo_inputs";
    static final String COMPONENT_MEAN = "prior/component_mean";
    static final String COMPONENT_LOG_VAR = "prior/component_log_var";
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    public VampPrior {
        if (components < 1 || !Double.isFinite(initMean) || !(initStd >= 0) || Double.isInfinite(initStd)) {
            throw new IllegalArgumentException("a VampPrior needs C >= 1 pseudo-inputs and a finite initial mean and "
                    + "std >= 0, got C = " + components + ", mean " + initMean + ", std " + initStd);
        }
    }

    /** The paper's setting on MNIST: C pseudo-inputs started at N(0.05, 0.01²). */
    public static VampPrior mnist(int components) {
        return new VampPrior(components, 0.05, 0.01);
    }

    @Override
    public void build(SameDiff sd, Function<SDVariable, DiagonalGaussian> encoder, int inputSize, Rng rng,
                      DataType type) {
        SDVariable w = sd.hasVariable(PSEUDO_INPUTS) ? sd.getVariable(PSEUDO_INPUTS)
                : sd.var(PSEUDO_INPUTS, initialPseudoInputs(inputSize, rng, type));
        DiagonalGaussian q = encoder.apply(sd.math().clipByValue(w, 0.0, 1.0));                 // [C, K] each
        q.mean().rename(COMPONENT_MEAN);
        q.logVar().rename(COMPONENT_LOG_VAR);
    }

    private INDArray initialPseudoInputs(int inputSize, Rng rng, DataType type) {
        double[] v = new double[Math.multiplyExact(components, inputSize)];
        for (int i = 0; i < v.length; i++) {
            v[i] = initMean + initStd * rng.nextGaussian();
        }
        return Nd4j.create(v, new long[] {components, inputSize}, 'c').castTo(type);
    }

    /** {@code log (1/C) Σ_c N(z; μ_c, diag σ_c²)}: [N, K] to [N]. */
    @Override
    public SDVariable logProb(SDVariable z, long k, SDVariable noise) {
        SameDiff sd = z.getSameDiff();
        SDVariable mean = sd.getVariable(COMPONENT_MEAN).reshape(1, components, k);             // [1, C, K]
        SDVariable logVar = sd.getVariable(COMPONENT_LOG_VAR).reshape(1, components, k);
        SDVariable diff = z.reshape(-1, 1, k).sub(mean);                                        // [N, C, K]
        SDVariable perDim = diff.mul(diff).mul(sd.math().exp(logVar.neg())).add(logVar).add(LOG_2PI).mul(-0.5);
        return Objective.logMeanExp(Reduce.sumLast(perDim, k), components);                    // [N]
    }

    /** Codes from the mixture: a component uniformly, then its Gaussian, with the pseudo-inputs as they are now. */
    @Override
    public INDArray sample(SameDiff sd, int n, int k, Rng rng, DataType type) {
        if (n < 1) {
            throw new IllegalArgumentException("need n >= 1 samples, got " + n);
        }
        Map<String, INDArray> c = sd.output(Map.of(), COMPONENT_MEAN, COMPONENT_LOG_VAR);
        double[][] mean = c.get(COMPONENT_MEAN).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] logVar = c.get(COMPONENT_LOG_VAR).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] z = new double[Math.multiplyExact(n, k)];
        for (int i = 0; i < n; i++) {
            int component = rng.nextInt(components);
            for (int j = 0; j < k; j++) {
                z[i * k + j] = mean[component][j] + Math.exp(0.5 * logVar[component][j]) * rng.nextGaussian();
            }
        }
        return Nd4j.create(z, new long[] {n, k}, 'c').castTo(type);
    }
}
