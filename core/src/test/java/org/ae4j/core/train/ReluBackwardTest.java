package org.ae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.ae4j.core.data.Rng;
import org.ae4j.core.run.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReluBackwardTest {

    @AfterEach
    void restore() {
        Backend.configure(Backend.defaultThreads());
    }

    @Test
    void passesTheGradientWherePositiveOnly() {
        Backend.configure(2);
        int rows = 129; // 129 × 781 = 100,749 values: ranges for two threads and a tail past the last vector
        int cols = 781;
        Rng rng = Rng.seeded(4);
        float[] x = new float[rows * cols];
        float[] dy = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 7 == 0 ? 0f : (float) rng.nextGaussian(); // exact zeros: the gradient there is 0
            dy[i] = (float) rng.nextGaussian();
        }
        INDArray xa = Nd4j.create(x, new long[] {rows, cols}, 'c');
        INDArray dya = Nd4j.create(dy, new long[] {rows, cols}, 'c');
        INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, cols}, 'c');
        Runnable pass = ReluBackward.of(xa, dya, dx);
        assertNotNull(pass, "the tests run with the Vector API on the CPU backend");
        pass.run();
        float[] got = dx.data().asFloat();
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] > 0 ? dy[i] : 0f, got[i], "at " + i);
        }
    }

    @Test
    void doesNotApplyToDoubles() {
        INDArray a = Nd4j.create(DataType.DOUBLE, 4, 4);
        assertNull(ReluBackward.of(a, a.dup(), a.dup()));
    }
}
