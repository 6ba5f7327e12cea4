package org.ae4j.core.data.sets;

import org.ae4j.core.data.Dataset;
import org.ae4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A noisy 2-D Archimedean spiral.
 *
 * <p>Parametrization, for t in [0, 1]: θ = 2π·turns·t, r = innerRadius + (outerRadius − innerRadius)·t,
 * point = (r cos θ, r sin θ). Equivalently r = a + bθ with a = innerRadius and
 * b = (outerRadius − innerRadius) / (2π·turns), θ in [0, 2π·turns]. Samples take t uniform in [0, 1]
 * (uniform in angle, so denser per unit length near the centre) and add isotropic Gaussian noise of
 * standard deviation {@code noise} to each coordinate.
 *
 * @param turns       number of revolutions, positive
 * @param innerRadius radius at t = 0, at least 0
 * @param outerRadius radius at t = 1, above innerRadius
 * @param noise       noise standard deviation per coordinate, at least 0
 */
public record Spiral(double turns, double innerRadius, double outerRadius, double noise) {
    public Spiral {
        if (!(turns > 0) || !Double.isFinite(turns)) {
            throw new IllegalArgumentException("spiral turns must be positive and finite, got " + turns);
        }
        if (!(innerRadius >= 0) || !Double.isFinite(outerRadius) || !(outerRadius > innerRadius)) {
            throw new IllegalArgumentException("spiral radii need 0 <= innerRadius < outerRadius < inf, got "
                    + innerRadius + " and " + outerRadius);
        }
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("spiral noise must be finite and >= 0, got " + noise);
        }
    }

    /** Two turns from radius 0.1 to 1 with noise 0.05: arms 0.45 apart, about 9 noise sigmas. */
    public static Spiral standard() {
        return new Spiral(2.0, 0.1, 1.0, 0.05);
    }

    /** The noise-free point at parameter {@code t} in [0, 1], as {x, y}. */
    public double[] point(double t) {
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("spiral parameter t must be in [0, 1], got " + t);
        }
        double theta = 2 * Math.PI * turns * t;
        double r = innerRadius + (outerRadius - innerRadius) * t;
        return new double[] {r * Math.cos(theta), r * Math.sin(theta)};
    }

    /** The noise-free curve at {@code points} evenly spaced t from 0 to 1 inclusive: FLOAT [points, 2]. */
    public INDArray curve(int points) {
        if (points < 2) {
            throw new IllegalArgumentException("curve needs at least 2 points, got " + points);
        }
        float[] xy = new float[2 * points];
        for (int i = 0; i < points; i++) {
            double[] p = point((double) i / (points - 1));
            xy[2 * i] = (float) p[0];
            xy[2 * i + 1] = (float) p[1];
        }
        return Nd4j.create(xy, new long[] {points, 2}, DataType.FLOAT);
    }

    /**
     * {@code n} noisy points, FLOAT [n, 2], unlabelled. Draws t, then x noise, then y noise per point,
     * so the same {@code rng} state gives the same points.
     */
    public Dataset sample(int n, Rng rng) {
        if (n <= 0) {
            throw new IllegalArgumentException("sample size must be positive, got " + n);
        }
        float[] xy = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double[] p = point(rng.nextDouble());
            xy[2 * i] = (float) (p[0] + noise * rng.nextGaussian());
            xy[2 * i + 1] = (float) (p[1] + noise * rng.nextGaussian());
        }
        return Dataset.unlabelled(Nd4j.create(xy, new long[] {n, 2}, DataType.FLOAT));
    }

    /** Euclidean distance from (x, y) to the noise-free curve; for many points {@link #distances} is faster. */
    public double distance(double x, double y) {
        return distances(Nd4j.create(new float[] {(float) x, (float) y}, new long[] {1, 2}, DataType.FLOAT))[0];
    }

    /**
     * Euclidean distance from each row of {@code xy} [n, 2] to the noise-free curve; see {@link #nearestPoints}.
     */
    public double[] distances(INDArray xy) {
        double[][] nearest = nearestPoints(xy);
        double[] coords = coordinates(xy);
        double[] out = new double[nearest.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = Math.hypot(nearest[k][0] - coords[2 * k], nearest[k][1] - coords[2 * k + 1]);
        }
        return out;
    }

    /**
     * The point of the noise-free curve nearest to each row of {@code xy} [n, 2], as {x, y} per row:
     * nearest point of a dense grid (2000 per turn), then golden-section refinement between its grid
     * neighbours.
     */
    public double[][] nearestPoints(INDArray xy) {
        int grid = (int) Math.max(1000, Math.ceil(2000 * turns));
        double[][] pts = new double[grid + 1][];
        for (int i = 0; i <= grid; i++) {
            pts[i] = point((double) i / grid);
        }
        double[] coords = coordinates(xy);
        double[][] out = new double[coords.length / 2][];
        for (int k = 0; k < out.length; k++) {
            double px = coords[2 * k];
            double py = coords[2 * k + 1];
            int best = 0;
            double bestD2 = Double.POSITIVE_INFINITY;
            for (int i = 0; i <= grid; i++) {
                double dx = pts[i][0] - px;
                double dy = pts[i][1] - py;
                double d2 = dx * dx + dy * dy;
                if (d2 < bestD2) {
                    bestD2 = d2;
                    best = i;
                }
            }
            double lo = (double) Math.max(0, best - 1) / grid;
            double hi = (double) Math.min(grid, best + 1) / grid;
            double t = refine(px, py, lo, hi);
            out[k] = squaredDistance(t, px, py) < bestD2 ? point(t) : pts[best];
        }
        return out;
    }

    /**
     * The Bayes-optimal denoiser E[x | x̃] for x drawn from this spiral and x̃ = x + σε, ε ~ N(0, I): the
     * best any denoising auto-encoder trained with that corruption can do under squared error. With t
     * uniform, the posterior over t given x̃ is proportional to N(x̃; c(t), (noise² + σ²) I), and
     * E[x | x̃, t] = c(t) + noise² / (noise² + σ²) · (x̃ − c(t)). Summed over 4000 values of t per turn
     * with log-sum-exp weights.
     *
     * @param corrupted [n, 2]
     * @return [n][2]
     */
    public double[][] posteriorMean(INDArray corrupted, double sigma) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("corruption sigma must be positive and finite, got " + sigma);
        }
        int grid = (int) Math.max(2000, Math.ceil(4000 * turns));
        double[][] c = new double[grid + 1][];
        for (int i = 0; i <= grid; i++) {
            c[i] = point((double) i / grid);
        }
        double variance = noise * noise + sigma * sigma;
        double shrink = noise * noise / variance;
        double[] coords = coordinates(corrupted);
        double[][] out = new double[coords.length / 2][];
        double[] logW = new double[grid + 1];
        for (int k = 0; k < out.length; k++) {
            double px = coords[2 * k];
            double py = coords[2 * k + 1];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i <= grid; i++) {
                double dx = px - c[i][0];
                double dy = py - c[i][1];
                logW[i] = -(dx * dx + dy * dy) / (2 * variance);
                max = Math.max(max, logW[i]);
            }
            double z = 0;
            double mx = 0;
            double my = 0;
            for (int i = 0; i <= grid; i++) {
                double w = Math.exp(logW[i] - max);
                z += w;
                mx += w * c[i][0];
                my += w * c[i][1];
            }
            mx /= z;
            my /= z;
            out[k] = new double[] {mx + shrink * (px - mx), my + shrink * (py - my)};
        }
        return out;
    }

    private static double[] coordinates(INDArray xy) {
        if (xy.rank() != 2 || xy.columns() != 2) {
            throw new IllegalArgumentException("spiral distances need an [n, 2] array, got "
                    + java.util.Arrays.toString(xy.shape()));
        }
        return xy.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** The t in [lo, hi] nearest to (px, py), by golden-section search (unimodal this close). */
    private double refine(double px, double py, double lo, double hi) {
        final double g = (Math.sqrt(5) - 1) / 2;
        double a = lo;
        double b = hi;
        for (int it = 0; it < 40; it++) {
            double c = b - g * (b - a);
            double d = a + g * (b - a);
            if (squaredDistance(c, px, py) < squaredDistance(d, px, py)) {
                b = d;
            } else {
                a = c;
            }
        }
        return (a + b) / 2;
    }

    private double squaredDistance(double t, double px, double py) {
        double[] p = point(t);
        return (p[0] - px) * (p[0] - px) + (p[1] - py) * (p[1] - py);
    }
}
