package org.ae4j.core.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Products cut into blocks (two threads, shapes above the split threshold) against ND4J's own, in both types. */
@ExtendWith(TwoThreads.class)
class BlasTest {

    @Test
    void gemmAgreesWithNd4jForEveryTranspositionOrderAndType() {
        int m = 70;
        int k = 300;
        int n = 50; // 1.05M multiply-adds: cut into blocks
        assertEquals(true, (long) m * k * n >= Blas.SPLIT_THRESHOLD);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (char order : new char[] {'c', 'f'}) {
                        for (int[] mn : new int[][] {{m, n}, {n, m}}) { // cut by either dimension
                            Nd4j.getRandom().setSeed(7);
                            INDArray a = ta ? Nd4j.randn(type, k, mn[0]) : Nd4j.randn(type, mn[0], k);
                            INDArray b = tb ? Nd4j.randn(type, mn[1], k) : Nd4j.randn(type, k, mn[1]);
                            INDArray want = Nd4j.create(type, mn[0], mn[1]);
                            Nd4j.gemm(a, b, want, ta, tb, 1.0, 0.0);
                            INDArray got = Nd4j.createUninitialized(type, new long[] {mn[0], mn[1]}, order);
                            Blas.gemm(a, b, got, ta, tb).run();
                            String what = type + " ta=" + ta + " tb=" + tb + " c order " + order + " " + mn[0] + "x" + mn[1];
                            assertClose(want, got, type == DataType.FLOAT ? 1e-4 : 1e-12, what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyCutAgreesWithNd4j() {
        // A layer's products: forward x · W, input gradient dY · Wᵀ, weight gradient xᵀ · dY, with W taller than
        // the batch as in the layers whose weight rows each thread keeps.
        int batch = 48;
        int in = 300;
        int out = 70;
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Nd4j.getRandom().setSeed(11);
            INDArray x = Nd4j.randn(type, batch, in);
            INDArray w = Nd4j.randn(type, in, out);
            INDArray dy = Nd4j.randn(type, batch, out);
            Object[][] products = {{x, w, false, false}, {dy, w, false, true}, {x, dy, true, false}};
            for (Object[] p : products) {
                INDArray a = (INDArray) p[0];
                INDArray b = (INDArray) p[1];
                boolean ta = (boolean) p[2];
                boolean tb = (boolean) p[3];
                long rows = ta ? a.columns() : a.rows();
                long columns = tb ? b.rows() : b.columns();
                INDArray want = Nd4j.create(type, rows, columns);
                Nd4j.gemm(a, b, want, ta, tb, 1.0, 0.0);
                for (Blas.Cut cut : Blas.Cut.values()) {
                    INDArray got = Nd4j.createUninitialized(type, new long[] {rows, columns}, 'c');
                    Blas.gemm(a, b, got, ta, tb, cut).run();
                    assertClose(want, got, type == DataType.FLOAT ? 1e-4 : 1e-12, type + " " + cut + " ta=" + ta
                            + " tb=" + tb);
                }
            }
        }
    }

    @Test
    void productsReadingEachThreadsRowCopiesAgreeWithNd4jAndSeeARefresh() {
        Nd4j.getRandom().setSeed(12);
        INDArray x = Nd4j.randn(DataType.FLOAT, 48, 300);
        INDArray w = Nd4j.randn(DataType.FLOAT, 300, 70);
        INDArray dy = Nd4j.randn(DataType.FLOAT, 48, 70);
        RowCopies rows = RowCopies.of(w);
        INDArray forward = Nd4j.createUninitialized(DataType.FLOAT, new long[] {48, 70}, 'c');
        INDArray back = Nd4j.createUninitialized(DataType.FLOAT, new long[] {48, 300}, 'c');
        Runnable xw = Blas.gemm(x, w, forward, false, false, Blas.Cut.INNER, rows);
        Runnable dyWt = Blas.gemm(dy, w, back, false, true, Blas.Cut.COLUMNS, rows);
        for (int round = 0; round < 2; round++) {
            xw.run();
            dyWt.run();
            assertClose(x.mmul(w), forward, 1e-4, "x · W, round " + round);
            assertClose(dy.mmul(w.transpose()), back, 1e-4, "dY · Wᵀ, round " + round);
            w.muli(-0.5); // changed in place: the products see it only after a refresh
            rows.refresh().run();
        }
    }

    @Test
    void rowCopiesServeOnlyTheirOwnWeightInTheProductsTheyAreFor() {
        INDArray x = Nd4j.randn(DataType.FLOAT, 48, 300);
        INDArray w = Nd4j.randn(DataType.FLOAT, 300, 70);
        INDArray c = Nd4j.create(DataType.FLOAT, 48, 70);
        RowCopies rows = RowCopies.of(w);
        assertThrows(IllegalArgumentException.class,
                () -> Blas.gemm(x, w.dup(), c, false, false, Blas.Cut.INNER, rows)); // another array
        assertThrows(IllegalArgumentException.class,
                () -> Blas.gemm(x, w, c, false, false, Blas.Cut.COLUMNS, rows)); // X · W is cut INNER
        assertThrows(IllegalArgumentException.class, () -> RowCopies.of(Nd4j.create(DataType.INT, 300, 70)));
    }

    @Test
    void aProductCutAlongItsInnerDimensionNeedsARowMajorResult() {
        INDArray a = Nd4j.randn(DataType.FLOAT, 64, 300);
        INDArray b = Nd4j.randn(DataType.FLOAT, 300, 64);
        INDArray columnMajor = Nd4j.createUninitialized(DataType.FLOAT, new long[] {64, 64}, 'f');
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Blas.gemm(a, b, columnMajor, false, false, Blas.Cut.INNER));
        assertEquals(true, e.getMessage().contains("row-major"), e.getMessage());
    }

    @Test
    void blocksGiveEachThreadOneAlignedBlock() {
        assertArrayEquals(new int[] {0, 400, 784}, Blas.blocks(784));
        assertArrayEquals(new int[] {0, 208, 400}, Blas.blocks(400));
        assertEquals(false, Blas.splits(16, 16, 16));
        assertEquals(true, Blas.splits(128, 400, 784));
    }

    @Test
    void gemmGivesTheSameBitsHoweverTheBlocksAreShared() {
        Nd4j.getRandom().setSeed(3);
        INDArray a = Nd4j.randn(DataType.FLOAT, 128, 400);
        INDArray b = Nd4j.randn(DataType.FLOAT, 400, 784);
        INDArray shared = Nd4j.create(DataType.FLOAT, 128, 784);
        INDArray alone = Nd4j.create(DataType.FLOAT, 128, 784);
        Blas.gemm(a, b, shared, false, false).run();
        // Inside another parallel call the workers are taken: the same blocks then run on one thread, in turn.
        Runnable product = Blas.gemm(a, b, alone, false, false);
        Parallel.run(product, () -> { });
        assertArrayEquals(shared.data().asFloat(), alone.data().asFloat());
    }

    @Test
    void gemmOnViewsFallsBackToNd4jAndStaysRight() {
        Nd4j.getRandom().setSeed(5);
        INDArray big = Nd4j.randn(DataType.FLOAT, 90, 300);
        INDArray a = big.get(NDArrayIndex.interval(10, 80), NDArrayIndex.all()); // a view at an offset
        INDArray b = Nd4j.randn(DataType.FLOAT, 300, 60);
        INDArray got = Nd4j.create(DataType.FLOAT, 70, 60);
        Blas.gemm(a, b, got, false, false).run();
        assertClose(a.mmul(b), got, 1e-4, "view");
    }

    @Test
    void gemmRefusesShapesThatDoNotMultiply() {
        INDArray a = Nd4j.create(DataType.FLOAT, 4, 3);
        INDArray b = Nd4j.create(DataType.FLOAT, 4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Blas.gemm(a, b, Nd4j.create(DataType.FLOAT, 4, 5), false, false));
        assertEquals(true, e.getMessage().contains("do not match"), e.getMessage());
    }

    @Test
    void syrkFillsTheRequestedTriangleAndLeavesTheOther() {
        int n = 130;
        int k = 40; // n² k / 2 = 338k multiply-adds: cut into row blocks
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Nd4j.getRandom().setSeed(11);
            INDArray x = Nd4j.randn(type, n, k);
            INDArray want = x.mmul(x.transpose()).muli(0.5);
            INDArray start = Nd4j.randn(type, n, n);
            // PCA's case: the column-major upper triangle, X untransposed (a row-major [k, n] array is X [n, k]).
            INDArray xt = x.transpose().dup('c');
            INDArray upper = start.dup('f');
            Blas.syrk(true, false, n, k, 0.5, Blas.Matrix.of(xt).at(0, n), 2.0, Blas.Matrix.of(upper).at(0, n));
            // The graph decoder's case: row-major X [n, k] is column-major Xᵀ; the lower column-major triangle.
            INDArray xc = x.dup('c');
            INDArray lower = start.dup('f');
            Blas.syrk(false, true, n, k, 0.5, Blas.Matrix.of(xc).at(0, k), 2.0, Blas.Matrix.of(lower).at(0, n));
            double tol = type == DataType.FLOAT ? 1e-4 : 1e-12;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 2 * start.getDouble(i, j);
                    double full = want.getDouble(i, j) + s;
                    assertEquals(i <= j ? full : start.getDouble(i, j), upper.getDouble(i, j), tol * (1 + Math.abs(full)),
                            type + " upper at " + i + "," + j);
                    assertEquals(i >= j ? full : start.getDouble(i, j), lower.getDouble(i, j), tol * (1 + Math.abs(full)),
                            type + " lower at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void symmReadsOnlyTheLowerTriangle() {
        int m = 16;
        int n = 200; // m n² = 640k multiply-adds: cut into column blocks
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Nd4j.getRandom().setSeed(13);
            INDArray r = Nd4j.randn(type, n, n);
            INDArray s = r.add(r.transpose()); // symmetric
            INDArray stored = s.dup('f');
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    stored.putScalar(i, j, Double.NaN); // the upper triangle must not be read
                }
            }
            INDArray b = Nd4j.randn(type, n, m); // row-major [n, m] is the column-major B [m, n]
            INDArray c = Nd4j.create(type, n, m);
            Blas.symmRightLower(m, n, 3.0, Blas.Matrix.of(stored).at(0, n), Blas.Matrix.of(b).at(0, m),
                    Blas.Matrix.of(c).at(0, m));
            INDArray want = s.mmul(b).muli(3.0); // (B S)ᵀ = S Bᵀ, and row-major [n, m] is that transpose
            assertClose(want, c, type == DataType.FLOAT ? 1e-4 : 1e-12, type + " symm");
        }
    }

    @Test
    void matrixRefusesAViewAtAnOffset() {
        INDArray big = Nd4j.create(DataType.FLOAT, 10, 10);
        INDArray view = big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all());
        assertThrows(IllegalArgumentException.class, () -> Blas.Matrix.of(view));
        assertThrows(IllegalArgumentException.class, () -> Blas.Matrix.of(Nd4j.create(DataType.INT, 3, 3)));
    }

    private static void assertClose(INDArray want, INDArray got, double tol, String what) {
        assertArrayEquals(want.shape(), got.shape(), what);
        double scale = 1 + want.amaxNumber().doubleValue();
        double diff = want.sub(got.dup('c')).amaxNumber().doubleValue();
        assertEquals(true, diff <= tol * scale, what + ": max difference " + diff + " (scale " + scale + ")");
    }
}
