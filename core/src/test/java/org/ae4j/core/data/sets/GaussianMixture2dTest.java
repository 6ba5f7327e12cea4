package org.ae4j.core.data.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.random.Rng;
import org.junit.jupiter.api.Test;

class GaussianMixture2dTest {
    private final GaussianMixture2d mixture = GaussianMixture2d.threeModes();

    @Test
    void theScoreIsTheGradientOfTheLogDensity() {
        double h = 1e-5;
        for (double[] p : new double[][] {{0, 0}, {-1.3, 0.4}, {1.2, 1.5}, {0.5, -1.0}, {4, -3}}) {
            double[] s = mixture.score(p[0], p[1]);
            double dx = (mixture.logDensity(p[0] + h, p[1]) - mixture.logDensity(p[0] - h, p[1])) / (2 * h);
            double dy = (mixture.logDensity(p[0], p[1] + h) - mixture.logDensity(p[0], p[1] - h)) / (2 * h);
            assertEquals(dx, s[0], 1e-5 * Math.max(1, Math.abs(dx)));
            assertEquals(dy, s[1], 1e-5 * Math.max(1, Math.abs(dy)));
        }
    }

    @Test
    void theDensityIntegratesToOne() {
        double step = 0.02;
        double sum = 0;
        for (double x = -6; x <= 6; x += step) {
            for (double y = -6; y <= 6; y += step) {
                sum += Math.exp(mixture.logDensity(x, y));
            }
        }
        assertEquals(1.0, sum * step * step, 1e-4);
    }

    @Test
    void aSingleComponentHasItsHandComputedScoreAndSmoothingAddsSigmaSquared() {
        // N(0, diag(0.5, 2)): score = -(x / 0.5, y / 2).
        GaussianMixture2d one = new GaussianMixture2d(List.of(new GaussianMixture2d.Component(1, 0, 0, 0.5, 0, 2)));
        double[] s = one.score(1, 1);
        assertEquals(-2.0, s[0], 1e-12);
        assertEquals(-0.5, s[1], 1e-12);
        double[] smoothed = one.smoothed(1).score(1, 1); // diag(1.5, 3)
        assertEquals(-1 / 1.5, smoothed[0], 1e-12);
        assertEquals(-1 / 3.0, smoothed[1], 1e-12);
    }

    @Test
    void samplesMatchTheMixtureMoments() {
        Dataset d = mixture.sample(200_000, Rng.seeded(3));
        double[] xy = d.x().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        // Component 1: weight 0.35, mean (1, 0.6), cov [[0.10, -0.05], [-0.05, 0.25]].
        int n = 0;
        double mx = 0;
        double my = 0;
        double cxy = 0;
        for (int i = 0; i < d.size(); i++) {
            if (d.labels()[i] == 1) {
                n++;
                mx += xy[2 * i];
                my += xy[2 * i + 1];
                cxy += (xy[2 * i] - 1.0) * (xy[2 * i + 1] - 0.6);
            }
        }
        assertEquals(0.35, n / 200_000.0, 0.004);
        assertEquals(1.0, mx / n, 0.005);
        assertEquals(0.6, my / n, 0.005);
        assertEquals(-0.05, cxy / n, 0.003);
    }

    @Test
    void invalidMixturesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GaussianMixture2d(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new GaussianMixture2d(List.of(new GaussianMixture2d.Component(0.5, 0, 0, 1, 0, 1))));
        assertThrows(IllegalArgumentException.class, () -> new GaussianMixture2d.Component(1, 0, 0, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> mixture.smoothed(-1));
    }
}
