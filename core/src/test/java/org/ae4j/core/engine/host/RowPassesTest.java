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

    @Test
    void tanhBackwardFromTheForwardOutputEqualsNd4jsTanhBp() {
        Backend.configure(2);
        INDArray x = values(129, 781, 6);
        INDArray dy = values(129, 781, 7);
        INDArray y = Nd4j.math().tanh(x.dup());
        INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, x.shape(), 'c');
        RowPasses.tanhBackward(y, dy, dx).run();
        INDArray expected = Nd4j.createUninitialized(DataType.FLOAT, x.shape(), 'c');
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.gradient.TanhDerivative(x, dy, expected));
        assertArrayEquals(expected.data().asFloat(), dx.data().asFloat(), 2e-7f);
        // hand-checked: tanh'(x) = 1 − tanh²(x); at y = 0.5, dy = 2: 2 · 0.75
        INDArray one = Nd4j.createFromArray(new float[] {0.5f, -0.5f, 0f});
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, 3);
        RowPasses.tanhBackward(one, Nd4j.createFromArray(new float[] {2f, 1f, 3f}), out).run();
        assertArrayEquals(new float[] {1.5f, 0.75f, 3f}, out.data().asFloat());
    }

    @Test
    void multiplyBackwardEqualsNd4jsMultiplyBpSameShapeAndRepeated() {
        Backend.configure(2);
        INDArray a = values(129, 781, 8);
        INDArray b = values(129, 781, 9);
        INDArray dc = values(129, 781, 10);
        assertMultiplyBackward(a, b, dc, 0f);
        // σ [K, 1, W] times ε [K, S, W]: da sums the S repeats
        INDArray sigma = values(100, 50, 11).reshape(100, 1, 50);
        INDArray eps = values(500, 50, 12).reshape(100, 5, 50);
        INDArray g = values(500, 50, 13).reshape(100, 5, 50);
        assertMultiplyBackward(sigma, eps, g, 1e-6f);
        assertMultiplyBackward(eps, sigma, g, 1e-6f);
        // a column [R, 1] scaling the rows of [R, W]: da sums each row
        INDArray column = values(300, 1, 14);
        INDArray rowsOf = values(300, 37, 15);
        INDArray dRows = values(300, 37, 16);
        assertMultiplyBackward(column, rowsOf, dRows, 1e-5f);
        assertMultiplyBackward(rowsOf, column, dRows, 1e-5f);
        // hand-checked: a = [2], b = [3, 4], dc = [1, 10] → da = 1·3 + 10·4 = 43, db = [2, 20]
        INDArray da = Nd4j.createUninitialized(DataType.FLOAT, 1, 1, 1);
        INDArray db = Nd4j.createUninitialized(DataType.FLOAT, 1, 2, 1);
        RowPasses.multiplyBackward(Nd4j.createFromArray(2f).reshape(1, 1, 1),
                Nd4j.createFromArray(3f, 4f).reshape(1, 2, 1), Nd4j.createFromArray(1f, 10f).reshape(1, 2, 1), da, db)
                .run();
        assertArrayEquals(new float[] {43f}, da.data().asFloat());
        assertArrayEquals(new float[] {2f, 20f}, db.data().asFloat());
        assertNull(RowPasses.multiplyBackward(values(4, 6, 1), values(4, 6, 2).reshape(4, 1, 6),
                values(4, 6, 3), values(4, 6, 4), values(4, 6, 5).reshape(4, 1, 6)), "other shapes fall back to ND4J");
    }

    private static void assertMultiplyBackward(INDArray a, INDArray b, INDArray dc, float tolerance) {
        INDArray da = Nd4j.createUninitialized(DataType.FLOAT, a.shape(), 'c');
        INDArray db = Nd4j.createUninitialized(DataType.FLOAT, b.shape(), 'c');
        Runnable pass = RowPasses.multiplyBackward(a, b, dc, da, db);
        if (pass == null) {
            pass = RowPasses.multiplyBackward(b, a, dc, db, da);
        }
        pass.run();
        INDArray[] expected = {Nd4j.create(DataType.FLOAT, a.shape()), Nd4j.create(DataType.FLOAT, b.shape())};
        Nd4j.exec(org.nd4j.linalg.api.ops.DynamicCustomOp.builder("multiply_bp").addInputs(a, b, dc)
                .addOutputs(expected).build());
        assertArrayEquals(expected[0].data().asFloat(), da.data().asFloat(), tolerance);
        assertArrayEquals(expected[1].data().asFloat(), db.data().asFloat(), tolerance);
    }
}
