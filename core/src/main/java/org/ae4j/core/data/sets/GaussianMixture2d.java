package org.ae4j.core.data.sets;

import java.util.List;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A mixture of 2-D Gaussians {@code p(x) = Σ_k π_k N(x; μ_k, Σ_k)} whose density and score
 * {@code ∇_x log p(x) = -Σ_k γ_k(x) Σ_k⁻¹ (x - μ_k)} (γ_k the posterior responsibilities) are known in
 * closed form: the ground truth for checking what a denoising auto-encoder estimates.
 *
 * @param components at least one; weights must sum to 1
 */
public record GaussianMixture2d(List<Component> components) {

    /**
     * One component: weight π, mean (mx, my) and covariance [[sxx, sxy], [sxy, syy]], positive definite.
     */
    public record Component(double weight, double mx, double my, double sxx, double sxy, double syy) {
        public Component {
            if (!(weight > 0) || !Double.isFinite(weight) || !Double.isFinite(mx) || !Double.isFinite(my)) {
                throw new IllegalArgumentException("a mixture component needs a positive weight and a finite mean");
            }
            if (!(sxx > 0) || !(syy > 0) || !(sxx * syy - sxy * sxy > 0) || !Double.isFinite(sxx * syy)) {
                throw new IllegalArgumentException("covariance [[" + sxx + ", " + sxy + "], [" + sxy + ", " + syy
                        + "]] is not positive definite");
            }
        }

        double det() {
            return sxx * syy - sxy * sxy;
        }

        /** log N(x; μ, Σ) and Σ⁻¹(x − μ) into {@code precisionTimesDiff}. */
        double logDensity(double x, double y, double[] precisionTimesDiff) {
            double dx = x - mx;
            double dy = y - my;
            double det = det();
            double px = (syy * dx - sxy * dy) / det;
            double py = (-sxy * dx + sxx * dy) / det;
            precisionTimesDiff[0] = px;
            precisionTimesDiff[1] = py;
            return -0.5 * (dx * px + dy * py) - Math.log(2 * Math.PI) - 0.5 * Math.log(det);
        }
    }

    public GaussianMixture2d {
        components = List.copyOf(components);
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a mixture needs at least one component");
        }
        double total = components.stream().mapToDouble(Component::weight).sum();
        if (Math.abs(total - 1) > 1e-9) {
            throw new IllegalArgumentException("mixture weights must sum to 1, got " + total);
        }
    }

    /**
     * Three anisotropic components of different sizes, so the score's direction varies over the plane
     * and between the modes it points along neither axis.
     */
    public static GaussianMixture2d threeModes() {
        return new GaussianMixture2d(List.of(
                new Component(0.4, -1.0, 0.0, 0.30, 0.12, 0.15),
                new Component(0.35, 1.0, 0.6, 0.10, -0.05, 0.25),
                new Component(0.25, 0.4, -1.1, 0.20, 0.0, 0.06)));
    }

    /** The density of x + σε, ε ~ N(0, I): every covariance grows by σ² I (what a DAE at noise σ sees). */
    public GaussianMixture2d smoothed(double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("smoothing sigma must be finite and >= 0, got " + sigma);
        }
        double s2 = sigma * sigma;
        return new GaussianMixture2d(components.stream()
                .map(c -> new Component(c.weight(), c.mx(), c.my(), c.sxx() + s2, c.sxy(), c.syy() + s2)).toList());
    }

    /** log p(x, y), computed with log-sum-exp. */
    public double logDensity(double x, double y) {
        double[] scratch = new double[2];
        double[] logs = new double[components.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < logs.length; k++) {
            Component c = components.get(k);
            logs[k] = Math.log(c.weight()) + c.logDensity(x, y, scratch);
            max = Math.max(max, logs[k]);
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        return max + Math.log(sum);
    }

    /** The score ∇ log p at (x, y), as {d/dx, d/dy}. */
    public double[] score(double x, double y) {
        int n = components.size();
        double[][] directions = new double[n][2];
        double[] logs = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            Component c = components.get(k);
            logs[k] = Math.log(c.weight()) + c.logDensity(x, y, directions[k]);
            max = Math.max(max, logs[k]);
        }
        double norm = 0;
        double gx = 0;
        double gy = 0;
        for (int k = 0; k < n; k++) {
            double r = Math.exp(logs[k] - max); // unnormalized responsibility, stable far from every mode
            norm += r;
            gx -= r * directions[k][0];
            gy -= r * directions[k][1];
        }
        return new double[] {gx / norm, gy / norm};
    }

    /** {@code n} independent draws, FLOAT [n, 2], with the component index of each draw as its label. */
    public Dataset sample(int n, Rng rng) {
        if (n <= 0) {
            throw new IllegalArgumentException("sample size must be positive, got " + n);
        }
        float[] xy = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            int k = 0;
            while (k + 1 < components.size() && u >= components.get(k).weight()) {
                u -= components.get(k).weight();
                k++;
            }
            Component c = components.get(k);
            // Cholesky of [[sxx, sxy], [sxy, syy]]: L = [[a, 0], [b, d]].
            double a = Math.sqrt(c.sxx());
            double b = c.sxy() / a;
            double d = Math.sqrt(c.syy() - b * b);
            double e1 = rng.nextGaussian();
            double e2 = rng.nextGaussian();
            xy[2 * i] = (float) (c.mx() + a * e1);
            xy[2 * i + 1] = (float) (c.my() + b * e1 + d * e2);
            labels[i] = k;
        }
        return new Dataset(Nd4j.create(xy, new long[] {n, 2}, DataType.FLOAT), labels);
    }
}
