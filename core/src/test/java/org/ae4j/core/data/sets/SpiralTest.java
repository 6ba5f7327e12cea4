package org.ae4j.core.data.sets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ae4j.core.data.Dataset;
import org.ae4j.core.model.Corruption.AdditiveGaussian;
import org.ae4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SpiralTest {
    private final Spiral spiral = new Spiral(2.0, 0.1, 1.0, 0.02);

    @Test
    void parametrization() {
        assertArrayEquals(new double[] {0.1, 0.0}, spiral.point(0), 1e-12);
        assertArrayEquals(new double[] {1.0, 0.0}, spiral.point(1), 1e-12);
        // t = 1/8: a quarter turn (2 turns * 1/8), radius 0.1 + 0.9/8.
        assertArrayEquals(new double[] {0.0, 0.2125}, spiral.point(0.125), 1e-12);
        INDArray curve = spiral.curve(5);
        assertArrayEquals(new long[] {5, 2}, curve.shape());
        assertEquals(0.55, curve.getDouble(2, 0), 1e-6); // t = 1/2: one full turn, radius 0.55
        assertThrows(IllegalArgumentException.class, () -> spiral.point(1.5));
    }

    @Test
    void samplesAreSeededAndShaped() {
        Dataset a = spiral.sample(500, Rng.seeded(3));
        assertArrayEquals(new long[] {500, 2}, a.x().shape());
        assertEquals(DataType.FLOAT, a.x().dataType());
        assertNull(a.labels());
        assertEquals(a.x(), spiral.sample(500, Rng.seeded(3)).x());
        assertNotEquals(a.x(), spiral.sample(500, Rng.seeded(4)).x());
    }

    @Test
    void noiseIsTheDistanceToTheCurve() {
        // Small isotropic noise moves a point off the curve by its normal component, N(0, sigma^2),
        // so the RMS distance to the curve estimates sigma.
        double[] d = spiral.distances(spiral.sample(20_000, Rng.seeded(11)).x());
        double sumSq = 0;
        for (double v : d) {
            sumSq += v * v;
        }
        assertEquals(0.02, Math.sqrt(sumSq / d.length), 0.001);
        assertEquals(0.0, new Spiral(2, 0.1, 1, 0).distances(new Spiral(2, 0.1, 1, 0).sample(100, Rng.seeded(1)).x())[7], 1e-6);
        assertEquals(0.1, spiral.distance(0, 0), 1e-9); // the centre is innerRadius from the start
    }

    @Test
    void theNearestPointIsOnTheCurveAndNoOtherCurvePointIsCloser() {
        // Outside the outer end (1, 0) of a one-turn spiral the nearest point is that end; for any query
        // the nearest point must lie on the curve and beat a fine scan of the curve.
        Spiral one = new Spiral(1, 0.2, 1, 0);
        INDArray queries = Nd4j.create(new float[] {1.5f, 0f, 0.1f, 0.3f, -0.4f, -0.2f}, new long[] {3, 2}, 'c');
        double[][] nearest = one.nearestPoints(queries);
        assertEquals(1.0, nearest[0][0], 1e-6);
        assertEquals(0.0, nearest[0][1], 1e-6);
        double[] q = queries.castTo(DataType.DOUBLE).data().asDouble();
        for (int k = 0; k < 3; k++) {
            assertEquals(0.0, one.distance(nearest[k][0], nearest[k][1]), 1e-6, "nearest point off the curve");
            double found = Math.hypot(nearest[k][0] - q[2 * k], nearest[k][1] - q[2 * k + 1]);
            for (int i = 0; i <= 100_000; i++) {
                double[] p = one.point(i / 100_000.0);
                assertTrue(Math.hypot(p[0] - q[2 * k], p[1] - q[2 * k + 1]) >= found - 1e-7, "query " + k);
            }
        }
    }

    @Test
    void theBayesDenoiserBeatsIdentityAndNearestPointProjection() {
        // x from the spiral (noise 0.02), x̃ = x + 0.1 ε. E[x | x̃] minimizes the expected squared error,
        // so on a large sample it must beat both returning x̃ and snapping x̃ onto the curve.
        Dataset clean = spiral.sample(3000, Rng.seeded(5));
        INDArray noisy = new AdditiveGaussian(0.1).apply(clean.x(), Rng.seeded(9));
        double[][] x = clean.x().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] xt = noisy.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] bayes = spiral.posteriorMean(noisy, 0.1);
        double[][] snapped = spiral.nearestPoints(noisy);
        double eBayes = 0;
        double eIdentity = 0;
        double eSnap = 0;
        for (int i = 0; i < x.length; i++) {
            eBayes += Math.pow(bayes[i][0] - x[i][0], 2) + Math.pow(bayes[i][1] - x[i][1], 2);
            eIdentity += Math.pow(xt[i][0] - x[i][0], 2) + Math.pow(xt[i][1] - x[i][1], 2);
            eSnap += Math.pow(snapped[i][0] - x[i][0], 2) + Math.pow(snapped[i][1] - x[i][1], 2);
        }
        assertTrue(eBayes < 0.8 * eIdentity && eBayes < eSnap, eBayes + " vs identity " + eIdentity + ", snap " + eSnap);
        // Tiny corruption of a noise-free curve point: the posterior mean stays at that point.
        Spiral exact = new Spiral(2, 0.1, 1, 0.0);
        double[] p = exact.point(0.3);
        double[] m = exact.posteriorMean(Nd4j.create(new double[][] {p}), 1e-3)[0];
        assertEquals(p[0], m[0], 1e-4);
        assertEquals(p[1], m[1], 1e-4);
    }

    @Test
    void validatesConfig() {
        assertThrows(IllegalArgumentException.class, () -> new Spiral(0, 0.1, 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Spiral(1, 1, 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Spiral(1, -0.1, 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Spiral(1, 0, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Spiral(1, 0, Double.POSITIVE_INFINITY, 0));
        assertThrows(IllegalArgumentException.class, () -> new Spiral(Double.NaN, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> spiral.sample(0, Rng.seeded(1)));
    }
}
