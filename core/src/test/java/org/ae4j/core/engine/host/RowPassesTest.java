package org.ae4j.core.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.ae4j.core.engine.Backend;
import org.ae4j.core.random.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RowPassesTest {

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
        Runnable pass = RowPasses.reluBackward(xa, dya, dx);
        assertNotNull(pass, "the tests run with the Vector API on the CPU backend");
        pass.run();
        float[] got = dx.data().asFloat();
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] > 0 ? dy[i] : 0f, got[i], "at " + i);
        }
    }

    @Test
    void reluKeepsThePositivePart() {
        Backend.configure(2);
        INDArray x = values(129, 781, 5);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape(), 'c');
        RowPasses.relu(x, out).run();
        float[] in = x.data().asFloat();
        float[] got = out.data().asFloat();
        for (int i = 0; i < in.length; i++) {
            assertEquals(Math.max(in[i], 0f), got[i], "at " + i);
        }
    }

    @Test
    void addRowAddsTheBiasToEveryRowAsNd4jDoes() {
        Backend.configure(2);
        INDArray a = values(130, 1001, 6); // a row length that is no multiple of the vector length
        INDArray row = values(1, 1001, 7);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, a.shape(), 'c');
        RowPasses.addRow(a, row, out).run();
        assertArrayEquals(a.addRowVector(row).data().asFloat(), out.data().asFloat()); // bit for bit
    }

    @Test
    void columnSumsAddTheRowsOfEachColumn() {
        Backend.configure(2);
        INDArray dc = values(128, 1001, 8);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {1, 1001}, 'c');
        RowPasses.columnSums(dc, out).run();
        float[] d = dc.data().asFloat();
        for (int j = 0; j < 1001; j++) {
            float want = 0;
            for (int r = 0; r < 128; r++) {
                want += d[r * 1001 + j]; // in row order, as the pass does
            }
            assertEquals(want, out.getFloat(0, j), "column " + j);
        }
        Backend.configure(1); // one thread: the same sums
        INDArray alone = Nd4j.createUninitialized(DataType.FLOAT, new long[] {1, 1001}, 'c');
        RowPasses.columnSums(dc, alone).run();
        assertArrayEquals(out.data().asFloat(), alone.data().asFloat());
    }

    @Test
    void doesNotApplyToDoublesOrMismatchedShapes() {
        INDArray a = Nd4j.create(DataType.DOUBLE, 4, 4);
        assertNull(RowPasses.reluBackward(a, a.dup(), a.dup()));
        assertNull(RowPasses.relu(a, a.dup()));
        INDArray f = Nd4j.create(DataType.FLOAT, 4, 4);
        assertNull(RowPasses.addRow(f, Nd4j.create(DataType.FLOAT, 1, 3), f.dup()));
        assertNull(RowPasses.columnSums(f, Nd4j.create(DataType.FLOAT, 2, 4)));
    }

    /** [rows, cols] FLOAT normal values, with exact zeros at every 7th entry. */
    private static INDArray values(int rows, int cols, long seed) {
        Rng rng = Rng.seeded(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 7 == 0 ? 0f : (float) rng.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }
}
