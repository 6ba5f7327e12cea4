package org.ae4j.core.linear;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Logistic PCA (Collins, Dasgupta &amp; Schapire 2001; Schein, Saul &amp; Ungar 2003): x_nd in [0, 1] are
 * Bernoulli with natural parameters {@code Theta = 1 mu^T + Z W} of rank k, Z [N, k] the codes and
 * W [k, D] orthonormal directions, fitted by maximum likelihood.
 *
 * <p>Method: majorization-minimization (de Leeuw 2006). The Bernoulli negative log-likelihood has
 * curvature at most 1/4 in each theta, so around the current Theta it is bounded above by the quadratic
 * {@code (1/8) ||Theta' - Y||^2 + const} with working response {@code Y = Theta + 4 (X - sigmoid(Theta))}.
 * Minimizing that bound over rank-k-plus-offset matrices is exactly a PCA of Y (Eckart-Young), so every
 * iteration is one {@link Pca} fit and the likelihood never decreases. New data are encoded the same way
 * with mu and W held fixed.
 */
public final class LogisticPca {
    private final INDArray mean;        // [1, D]
    private final INDArray components;  // [k, D], orthonormal rows
    private final List<Double> losses;  // mean negative log-likelihood per example after each iteration

    private LogisticPca(INDArray mean, INDArray components, List<Double> losses) {
        this.mean = mean;
        this.components = components;
        this.losses = List.copyOf(losses);
    }

    /**
     * Fits k components to x [N, D] with values in [0, 1] by {@code iterations} MM steps from Theta = 0.
     */
    public static LogisticPca fit(INDArray x, int k, int iterations) {
        return fitPath(x, k, List.of(iterations)).get(0);
    }

    /**
     * The models after each of {@code iterations} (increasing counts) MM steps of one fit from Theta = 0: the
     * model after 50 steps of {@code fitPath(x, k, List.of(10, 50))} is {@code fit(x, k, 50)}, for the cost of 50.
     */
    public static List<LogisticPca> fitPath(INDArray x, int k, List<Integer> iterations) {
        INDArray target = checked(x);
        checkIncreasing(iterations);
        if (k < 1 || k > Math.min(target.rows(), target.columns())) {
            throw new IllegalArgumentException("k must be in 1..min(N, D), got " + k);
        }
        INDArray theta = target.like();                               // [N, D] zeros
        List<Double> losses = new ArrayList<>();
        List<LogisticPca> models = new ArrayList<>();
        int last = iterations.get(iterations.size() - 1);
        for (int it = 1; it <= last; it++) {
            INDArray y = workingResponse(theta, target);
            Pca pca = Pca.fit(y, k);
            INDArray next = pca.reconstruct(y);
            y.close();
            theta.close();
            theta = next;
            losses.add(negLogLikelihood(theta, target));
            if (iterations.contains(it)) {
                models.add(new LogisticPca(pca.mean(), pca.components(), losses));
            }
        }
        theta.close();
        return models;
    }

    /** Codes of x [M, D] under this model, by {@code iterations} MM steps from z = 0: [M, k]. */
    public INDArray encode(INDArray x, int iterations) {
        return encodePath(x, List.of(iterations)).get(0);
    }

    /**
     * The codes of x [M, D] after each of {@code iterations} (increasing counts) MM steps of one encoding from
     * z = 0, each [M, k].
     */
    public List<INDArray> encodePath(INDArray x, List<Integer> iterations) {
        INDArray target = checked(x);
        checkIncreasing(iterations);
        if (target.columns() != components.columns()) {
            throw new IllegalArgumentException("x has " + target.columns() + " columns, the model " + components.columns());
        }
        List<INDArray> codes = new ArrayList<>();
        INDArray z = Nd4j.zeros(DataType.DOUBLE, target.rows(), components.rows());
        int last = iterations.get(iterations.size() - 1);
        for (int it = 1; it <= last; it++) {
            INDArray theta = logits(z);
            INDArray y = workingResponse(theta, target);
            if (!iterations.contains(it - 1)) {
                z.close();
            }
            z = y.subiRowVector(mean).mmul(components.transpose());    // W orthonormal: the projection
            y.close();
            theta.close();
            if (iterations.contains(it)) {
                codes.add(z);
            }
        }
        return codes;
    }

    /** Natural parameters mu + z W for codes z [M, k]: [M, D]. */
    public INDArray logits(INDArray z) {
        return z.castTo(DataType.DOUBLE).mmul(components).addiRowVector(mean);
    }

    /** Mean reconstructions sigmoid(mu + z W) for codes z [M, k]: [M, D]. */
    public INDArray decode(INDArray z) {
        return Transforms.sigmoid(logits(z), false);
    }

    public INDArray mean() {
        return mean.dup();
    }

    public INDArray components() {
        return components.dup();
    }

    /** The training loss (mean negative log-likelihood per example, nats) after each iteration. */
    public List<Double> losses() {
        return losses;
    }

    /**
     * Mean over rows of {@code sum_d [softplus(theta_nd) - x_nd theta_nd]}, with
     * {@code softplus(t) = max(t, 0) + log(1 + exp(-|t|))} so large |t| never overflows.
     *
     * @param theta natural parameters [N, D]; @param x targets in [0, 1], [N, D]
     */
    public static double negLogLikelihood(INDArray theta, INDArray x) {
        INDArray t = theta.castTo(DataType.DOUBLE);
        INDArray positive = Transforms.relu(t, true);
        INDArray xTheta = x.castTo(DataType.DOUBLE).mul(t);
        INDArray softplus = Transforms.log(Transforms.exp(Transforms.abs(t, true).negi(), false).addi(1.0), false)
                .addi(positive);
        double value = softplus.subi(xTheta).sumNumber().doubleValue() / t.rows();
        positive.close();
        xTheta.close();
        softplus.close();
        return value;
    }

    /** Y = Theta + 4 (X - sigmoid(Theta)): the minimizer of the quadratic bound around Theta. */
    private static INDArray workingResponse(INDArray theta, INDArray x) {
        INDArray probabilities = Transforms.sigmoid(theta, true);
        INDArray y = x.sub(probabilities);
        probabilities.close();
        return y.muli(4.0).addi(theta);
    }

    private static void checkIncreasing(List<Integer> iterations) {
        if (iterations.isEmpty() || iterations.get(0) < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        for (int i = 1; i < iterations.size(); i++) {
            if (iterations.get(i) <= iterations.get(i - 1)) {
                throw new IllegalArgumentException("iteration counts must increase, got " + iterations);
            }
        }
    }

    private static INDArray checked(INDArray x) {
        if (x == null || x.rank() != 2) {
            throw new IllegalArgumentException("logistic PCA needs a [N, D] matrix");
        }
        INDArray d = x.castTo(DataType.DOUBLE);
        if (!Double.isFinite(d.sumNumber().doubleValue())) {
            throw new IllegalArgumentException("logistic PCA input contains NaN or infinite values");
        }
        double min = d.minNumber().doubleValue();
        double max = d.maxNumber().doubleValue();
        if (!(min >= 0 && max <= 1)) {
            throw new IllegalArgumentException("logistic PCA models values in [0, 1]; got range [" + min + ", " + max + "]");
        }
        return d;
    }
}
