package org.ae4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

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
