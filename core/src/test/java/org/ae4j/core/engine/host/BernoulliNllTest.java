package org.ae4j.core.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BernoulliNllTest {

    @Test
    void twoSamplesPerRowByHand() {
        float[][] l = {{0, 2, -1}, {1, -3, 0.5f}, {4, 0, -2}, {-0.5f, 1, 3}}; // rows 0, 1 score x row 0; 2, 3 row 1
        float[][] x = {{1, 0, 0.5f}, {0, 1, 1}};
        double want = 0;
        double[][] grad = new double[4][3];
        for (int r = 0; r < 4; r++) {
            for (int d = 0; d < 3; d++) {
                double t = x[r / 2][d];
                want += Math.log1p(Math.exp(l[r][d])) - t * l[r][d];
                grad[r][d] = 3 * (1 / (1 + Math.exp(-l[r][d])) - t) / 4; // upstream 3
            }
        }
        BernoulliNll nll = new BernoulliNll("logits", "x", 2, "reconstruction");
        assertEquals(List.of("x"), nll.reads());
        assertEquals(want / 4, nll.forward(Nd4j.create(l), List.of(Nd4j.create(x))), 1e-6);
        INDArray g = Nd4j.createUninitialized(DataType.FLOAT, 4, 3);
        nll.backward(3, g);
        for (int r = 0; r < 4; r++) {
            for (int d = 0; d < 3; d++) {
                assertEquals(grad[r][d], g.getDouble(r, d), 1e-6, "gradient [" + r + ", " + d + "]");
            }
        }
    }

    @Test
    void theGradientIsCopiedWholeByTwoThreadsAndAnArrayOfAnotherShapeIsRefused() {
        try {
            org.ae4j.core.engine.Backend.configure(2);
            Nd4j.getRandom().setSeed(4);
            INDArray l = Nd4j.randn(DataType.FLOAT, 64, 100).muli(3);
            INDArray x = Nd4j.rand(DataType.FLOAT, 64, 100);
            BernoulliNll nll = new BernoulliNll("logits", "x", 1, "reconstruction");
            nll.forward(l, List.of(x));
            INDArray one = Nd4j.createUninitialized(DataType.FLOAT, 64, 100);
            INDArray half = Nd4j.createUninitialized(DataType.FLOAT, 64, 100);
            nll.backward(1, one);
            nll.backward(0.5, half);
            for (int r = 0; r < 64; r++) {
                for (int d = 0; d < 100; d++) {
                    double want = (1 / (1 + Math.exp(-l.getDouble(r, d))) - x.getDouble(r, d)) / 64;
                    assertEquals(want, one.getDouble(r, d), 1e-6, "gradient [" + r + ", " + d + "]");
                    assertEquals(one.getFloat(r, d) / 2, half.getFloat(r, d), "half of it at [" + r + ", " + d + "]");
                }
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> nll.backward(1, Nd4j.create(DataType.FLOAT, 63, 100)));
            assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        } finally {
            org.ae4j.core.engine.Backend.configure(org.ae4j.core.engine.Backend.defaultThreads());
        }
    }

    @Test
    void logitsThatDoNotMatchTheTargetsAreRefused() {
        BernoulliNll nll = new BernoulliNll("logits", "x", 2, "reconstruction");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> nll.forward(Nd4j.zeros(DataType.FLOAT, 5, 3), List.of(Nd4j.zeros(DataType.FLOAT, 2, 3))));
        assertTrue(e.getMessage().contains("2 rows per target row"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> nll.forward(Nd4j.zeros(DataType.DOUBLE, 4, 3), List.of(Nd4j.zeros(DataType.DOUBLE, 2, 3))));
    }
}
