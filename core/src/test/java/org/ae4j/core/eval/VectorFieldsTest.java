package org.ae4j.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VectorFieldsTest {
    private static final double[][] REFERENCE = {{1, 0}, {0, 2}, {-1, -1}};

    @Test
    void aScaledCopyHasCorrelationOneAndItsScaleAsSlope() {
        double[][] half = {{0.5, 0}, {0, 1}, {-0.5, -0.5}};
        assertEquals(1.0, VectorFields.correlation(half, REFERENCE), 1e-12);
        assertEquals(0.5, VectorFields.slope(half, REFERENCE), 1e-12);
        assertEquals(1.0, VectorFields.meanCosine(half, REFERENCE), 1e-12);
    }

    @Test
    void handComputedCosinesAndLengths() {
        // Rows: same direction (1), perpendicular (0), opposite (-1): mean 0.
        double[][] a = {{2, 0}, {1, 0}, {1, 1}};
        double[][] b = {{1, 0}, {0, 3}, {-2, -2}};
        assertEquals(0.0, VectorFields.meanCosine(a, b), 1e-12);
        assertEquals((2 + 1 + Math.sqrt(2)) / 3, VectorFields.meanLength(a), 1e-12);
        // Pearson over the six pooled components: a = (2,0,1,0,1,1), b = (1,0,0,3,-2,-2).
        double[] x = {2, 0, 1, 0, 1, 1};
        double[] y = {1, 0, 0, 3, -2, -2};
        double mx = 5 / 6.0;
        double my = 0;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < 6; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        assertEquals(sxy / Math.sqrt(sxx * syy), VectorFields.correlation(a, b), 1e-12);
    }

    @Test
    void mismatchedOrDegenerateFieldsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> VectorFields.correlation(new double[][] {{1, 2}}, REFERENCE));
        assertThrows(IllegalArgumentException.class,
                () -> VectorFields.slope(REFERENCE, new double[][] {{0, 0}, {0, 0}, {0, 0}}));
        assertThrows(IllegalArgumentException.class,
                () -> VectorFields.meanCosine(new double[][] {{Double.NaN, 0}, {0, 1}, {1, 1}}, REFERENCE));
    }
}
