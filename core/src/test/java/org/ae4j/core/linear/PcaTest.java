package org.ae4j.core.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.data.Split;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class PcaTest {
    // Golden values: numpy 2.4.6 (float64), eigh of the 1/N covariance, descending, each component signed so
    // its largest-|.| entry is positive; singular values from np.linalg.svd of the centered matrix:
    //   mu = X.mean(0); Xc = X - mu
    //   w, V = np.linalg.eigh(Xc.T @ Xc / len(X)); w, V = w[::-1], V[:, ::-1].T
    //   V *= np.sign(V[np.arange(len(V)), np.abs(V).argmax(1)])[:, None]
    //   s = np.linalg.svd(Xc, compute_uv=False); total = (Xc**2).sum() / len(X); z0 = Xc[0] @ V[:2].T
    private static final double[][] X = {
        {2.5, 2.4, 0.5, 1.0},
        {0.5, 0.7, 1.5, 2.0},
        {2.2, 2.9, 0.3, 0.4},
        {1.9, 2.2, 1.1, 1.7},
        {3.1, 3.0, 0.2, 0.9},
        {2.3, 2.7, 1.8, 0.1},
    };
    private static final double[] MEAN = {2.0833333333333335, 2.3166666666666664, 0.9, 1.0166666666666666};
    private static final double[] VARIANCE = {1.5841976472278394, 0.34732489558553176, 0.09409058955041952,
        0.021886867636209176};
    private static final double TOTAL = 2.0475;
    private static final double[] RATIO = {0.7737229046289814, 0.16963364863762237, 0.045953889890314785,
        0.010689556843081406};
    private static final double[] SINGULAR = {3.0830481480779754, 1.443589059778852, 0.7513611230976208,
        0.36238267869374813};
    private static final double[][] COMPONENTS = {
        {0.6101244643628501, 0.6057759994971056, -0.2919849063492414, -0.41896108516597613},
        {-0.1420170708431974, 0.08535457663361627, 0.7680018163044767, -0.6186428355600989},
        {0.5848653802492187, 0.08196219168439195, 0.563978568648888, 0.5771852910677642},
        {-0.5152783486243143, 0.7867860152641692, 0.08274175923922178, 0.329559995906252},
    };
    private static final double[] Z0_K2 = {0.42847650740174253, -0.3489509107276533};

    @Test
    void goldenValuesFromNumpy() {
        Pca pca = Pca.fit(Nd4j.create(X), 4);
        assertGolden(pca, 1e-12);
        double[] z0 = pca.truncate(2).encode(Nd4j.create(X).getRows(0)).toDoubleVector();
        for (int j = 0; j < 2; j++) {
            assertEquals(Z0_K2[j], sign(pca, j) * z0[j], 1e-12, "code " + j);
        }
    }

    @Test
    void floatInputGivesTheSameFitAndFloatOutputs() {
        INDArray x = Nd4j.create(X).castTo(DataType.FLOAT);
        Pca pca = Pca.fit(x, 4);
        assertGolden(pca, 1e-6);
        assertEquals(DataType.DOUBLE, pca.components().dataType());
        INDArray z = pca.encode(x);
        assertEquals(DataType.FLOAT, z.dataType());
        assertEquals(DataType.FLOAT, pca.decode(z).dataType());
        assertEquals(DataType.FLOAT, pca.reconstruct(x).dataType());
        assertEquals(DataType.DOUBLE, pca.decode(z.castTo(DataType.DOUBLE)).dataType());
    }

    private static void assertGolden(Pca pca, double tol) {
        assertEquals(4, pca.k());
        assertEquals(4, pca.dim());
        assertArrayEquals(MEAN, pca.mean().toDoubleVector(), tol);
        assertArrayEquals(VARIANCE, pca.explainedVariance(), tol);
        assertArrayEquals(VARIANCE, pca.allVariances(), tol);
        assertArrayEquals(RATIO, pca.explainedVarianceRatio(), tol);
        assertArrayEquals(SINGULAR, pca.singularValues(), tol);
        assertEquals(TOTAL, pca.totalVariance(), tol);
        double[][] c = pca.components().toDoubleMatrix();
        for (int j = 0; j < 4; j++) {
            double s = sign(pca, j); // sign-insensitive: eigenvectors are defined up to sign
            for (int d = 0; d < 4; d++) {
                assertEquals(COMPONENTS[j][d], s * c[j][d], tol, "component " + j + ", entry " + d);
            }
        }
    }

    /** +1 or -1: how component j of pca aligns with the golden one. */
    private static double sign(Pca pca, int j) {
        double dot = 0;
        for (int d = 0; d < 4; d++) {
            dot += pca.components().getDouble(j, d) * COMPONENTS[j][d];
        }
        return Math.signum(dot);
    }

    /** [n, d] Gaussian data with column scales d, d-1, ..., 1 and an offset, so the spectrum is spread. */
    private static INDArray data(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = 3 + (d - j) * r.nextGaussian();
            }
        }
        // A random rotation-ish mix so components are not the coordinate axes.
        INDArray mix = Nd4j.create(new double[d][d]);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                mix.putScalar(i, j, (i == j ? 1 : 0) + 0.3 * r.nextGaussian());
            }
        }
        return Nd4j.create(x).mmul(mix);
    }

    @Test
    void componentsAreOrthonormalDescendingAndSigned() {
        Pca pca = Pca.fit(data(300, 12, 1), 5);
        INDArray w = pca.components();
        assertArrayEquals(new long[] {5, 12}, w.shape());
        INDArray gram = w.mmul(w.transpose());
        assertTrue(gram.equalsWithEps(Nd4j.eye(5).castTo(DataType.DOUBLE), 1e-12), gram.toString());
        double[] v = pca.allVariances();
        assertEquals(12, v.length);
        for (int i = 1; i < v.length; i++) {
            assertTrue(v[i] <= v[i - 1], Arrays.toString(v));
        }
        assertEquals(pca.totalVariance(), Arrays.stream(v).sum(), 1e-10 * pca.totalVariance());
        for (double[] row : w.toDoubleMatrix()) {
            double max = Arrays.stream(row).map(Math::abs).max().orElseThrow();
            assertTrue(Arrays.stream(row).anyMatch(e -> e == max), "largest-|.| entry must be positive");
        }
    }

    @Test
    void shapesAndFullRankReconstructionIsExact() {
        INDArray x = data(50, 7, 2);
        Pca three = Pca.fit(x, 3);
        assertArrayEquals(new long[] {1, 7}, three.mean().shape());
        assertArrayEquals(new long[] {50, 3}, three.encode(x).shape());
        assertArrayEquals(new long[] {50, 7}, three.decode(three.encode(x)).shape());
        assertTrue(three.reconstruct(x).equalsWithEps(three.decode(three.encode(x)), 1e-10));
        assertTrue(three.reconstructionError(x) > 0.01);
        assertEquals(3, three.singularValues().length);

        Pca full = Pca.fit(x, 7);
        assertTrue(full.reconstruct(x).equalsWithEps(x, 1e-10));
        assertEquals(0, full.reconstructionError(x), 1e-20 + 1e-12 * full.totalVariance());
    }

    @Test
    void pythagoreanIdentityOnRandomData() {
        INDArray x = data(400, 9, 3);
        Pca pca = Pca.fit(x, 4);
        double sum = Arrays.stream(pca.explainedVariance()).sum();
        assertEquals(pca.totalVariance(), pca.reconstructionError(x) + sum, 1e-12 * pca.totalVariance());
        assertEquals(directTotalVariance(x), pca.totalVariance(), 1e-12 * pca.totalVariance());
    }

    @Test
    void inputsAreNotModifiedAndAccessorsAreCopies() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray x = data(40, 6, 4).castTo(type);
            INDArray before = x.dup();
            Pca pca = Pca.fit(x, 3);
            INDArray z = pca.encode(x);
            INDArray zBefore = z.dup();
            pca.decode(z);
            pca.reconstruct(x);
            pca.reconstructionError(x);
            assertEquals(before, x, type + " x changed");
            assertEquals(zBefore, z, type + " z changed");

            INDArray mean = pca.mean();
            pca.mean().assign(99);
            pca.components().assign(99);
            pca.explainedVariance()[0] = 99;
            pca.allVariances()[0] = 99;
            assertEquals(mean, pca.mean());
            assertTrue(pca.explainedVariance()[0] < 99 && pca.allVariances()[0] < 99);
        }
    }

    @Test
    void truncateEqualsFitWithFewerComponents() {
        INDArray x = data(120, 8, 5);
        Pca big = Pca.fit(x, 6);
        Pca small = Pca.fit(x, 2);
        Pca cut = big.truncate(2);
        assertEquals(2, cut.k());
        assertTrue(cut.components().equalsWithEps(small.components(), 1e-10));
        assertArrayEquals(small.explainedVariance(), cut.explainedVariance(), 1e-12);
        assertArrayEquals(small.singularValues(), cut.singularValues(), 1e-10);
        assertArrayEquals(big.allVariances(), cut.allVariances(), 0);
        assertEquals(small.reconstructionError(x), cut.reconstructionError(x), 1e-10);
        assertThrows(IllegalArgumentException.class, () -> big.truncate(7));
        assertThrows(IllegalArgumentException.class, () -> big.truncate(0));
    }

    @Test
    void viewsAndOtherLayoutsFitLikeDenseCopies() {
        INDArray x = data(60, 5, 6);
        Pca dense = Pca.fit(x, 2);
        INDArray transposedView = x.transpose().dup().transpose();              // 'f'-like strides
        INDArray rowView = Nd4j.vstack(x, x).get(NDArrayIndex.interval(60, 120), NDArrayIndex.all()); // offset
        for (INDArray view : new INDArray[] {transposedView, rowView, x.dup('f')}) {
            Pca pca = Pca.fit(view, 2);
            assertArrayEquals(dense.mean().toDoubleVector(), pca.mean().toDoubleVector(), 1e-12);
            assertArrayEquals(dense.allVariances(), pca.allVariances(), 1e-10);
            assertTrue(dense.components().equalsWithEps(pca.components(), 1e-10));
        }
    }

    @Test
    void covarianceBlocksAndInputTypesDoNotChangeTheFit() {
        INDArray x = data(100, 6, 10);
        Pca whole = Pca.fit(x, 3);
        for (int block : new int[] {1, 7, 50, 99}) {
            Pca blocked = Pca.fit(x, 3, block);
            assertArrayEquals(whole.allVariances(), blocked.allVariances(), 1e-12 * whole.totalVariance());
            assertTrue(whole.components().equalsWithEps(blocked.components(), 1e-10), "block " + block);
        }
        Pca floats = Pca.fit(x.castTo(DataType.FLOAT), 3, 7);
        assertArrayEquals(whole.allVariances(), floats.allVariances(), 1e-5 * whole.totalVariance());
        INDArray ints = Nd4j.create(new double[][] {{1, 5, 2}, {4, 0, 3}, {7, 2, 9}, {2, 8, 1}});
        Pca fromInts = Pca.fit(ints.castTo(DataType.INT32), 2);
        assertArrayEquals(Pca.fit(ints, 2).allVariances(), fromInts.allVariances(), 1e-12);
    }

    @Test
    void moreColumnsThanRows() {
        INDArray x = data(4, 9, 7);
        Pca pca = Pca.fit(x, 4);
        double[] v = pca.allVariances();
        assertEquals(9, v.length);
        for (int i = 3; i < 9; i++) { // rank of 4 centered rows is at most 3
            assertEquals(0, v[i], 1e-10 * v[0]);
        }
        assertEquals(0, pca.truncate(3).reconstructionError(x), 1e-10 * pca.totalVariance());
    }

    @Test
    void badInputIsRejectedWithClearMessages() {
        double[][] bad = {{1, 2, 3}, {4, Double.NaN, 6}, {7, 8, 10}};
        var nan = assertThrows(IllegalArgumentException.class, () -> Pca.fit(Nd4j.create(bad), 1));
        assertTrue(nan.getMessage().contains("NaN") && nan.getMessage().contains("row 1, column 1"),
                nan.getMessage());
        bad[1][1] = Double.NEGATIVE_INFINITY;
        var inf = assertThrows(IllegalArgumentException.class,
                () -> Pca.fit(Nd4j.create(bad).castTo(DataType.FLOAT), 1));
        assertTrue(inf.getMessage().contains("-Inf"), inf.getMessage());

        INDArray x = data(5, 3, 8);
        var k0 = assertThrows(IllegalArgumentException.class, () -> Pca.fit(x, 0));
        assertTrue(k0.getMessage().contains("1..min(N, D) = 3"), k0.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(x, 4));
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(data(2, 3, 9), 3)); // min(N, D) = 2
        var rank1 = assertThrows(IllegalArgumentException.class, () -> Pca.fit(Nd4j.create(new double[] {1, 2, 3}), 1));
        assertTrue(rank1.getMessage().contains("rank-2"), rank1.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(null, 1));

        Pca pca = Pca.fit(x, 2);
        var width = assertThrows(IllegalArgumentException.class, () -> pca.encode(Nd4j.zeros(2, 4)));
        assertTrue(width.getMessage().contains("[M, 3]"), width.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pca.decode(Nd4j.zeros(2, 3)));
    }

    /** (1/N) sum ||x_i - mean||^2, the test's own double computation. */
    private static double directTotalVariance(INDArray x) {
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray c = xd.subRowVector(xd.mean(0));
        return c.mul(c).sumNumber().doubleValue() / x.rows();
    }

    private static Dataset mnistTrain() throws Exception {
        DataDir dirs = DataDir.resolve();
        Assumptions.assumeTrue(dirs.find("mnist/train-images-idx3-ubyte.gz").isPresent(), "MNIST not present");
        return Mnist.load(dirs, Split.TRAIN);
    }

    @Test
    void mnistPythagoreanIdentityAndExplainedRatio() throws Exception {
        Dataset train = mnistTrain();
        INDArray x = train.head(10_000).x();
        Pca pca = Pca.fit(x, 30);
        double total = directTotalVariance(x);
        assertEquals(total, pca.totalVariance(), 1e-10 * total);
        double explained = Arrays.stream(pca.explainedVariance()).sum();
        double error = pca.reconstructionError(x);
        // The lecture's identity: mean squared distance to the mean = reconstruction error + captured variance.
        assertEquals(total, error + explained, 1e-6 * total, "error " + error + " + explained " + explained);

        // All 60,000 images: 30 components hold 73.05% of the variance (sklearn 1.2.1 PCA(30): 0.73053).
        double ratio = Arrays.stream(Pca.fit(train.x(), 30).explainedVarianceRatio()).sum();
        assertTrue(ratio > 0.728 && ratio < 0.733, "ratio " + ratio);
    }
}
