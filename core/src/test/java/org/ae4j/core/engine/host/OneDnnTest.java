package org.ae4j.core.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.ae4j.core.engine.Backend;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** oneDNN's float GEMM as {@link Blas} calls it: BLAS's column-major contract, the same bits on any thread. */
class OneDnnTest {

    @Test
    void floatProductsGoToOneDnnUnlessOpenBlasIsChosen() {
        Backend.configure();
        boolean openBlasChosen = "openblas".equalsIgnoreCase(System.getenv("AE4J_GEMM"));
        assertEquals(!openBlasChosen, OneDnn.available(), "the project's dependencies bring oneDNN's natives");
        assertTrue(Blas.floatGemm().startsWith(openBlasChosen ? "OpenBLAS" : "oneDNN 2."), Blas.floatGemm());
    }

    /**
     * Sub-matrices (leading dimensions longer than their columns), every transposition, alpha and beta: oneDNN
     * is row-major, so this checks the translation against OpenBLAS's column-major {@code sgemm}.
     */
    @Test
    void sgemmKeepsBlasColumnMajorContractForEveryTransposition() {
        if (!OneDnn.available()) {
            return; // AE4J_GEMM=openblas: nothing of oneDNN's to check
        }
        int m = 37;
        int n = 21;
        int k = 45;
        int ld = 64;
        for (boolean tx : new boolean[] {false, true}) {
            for (boolean ty : new boolean[] {false, true}) {
                Nd4j.getRandom().setSeed(11);
                float[] x = Nd4j.randn(DataType.FLOAT, 1, ld * 64).data().asFloat();
                float[] y = Nd4j.randn(DataType.FLOAT, 1, ld * 64).data().asFloat();
                float[] c0 = Nd4j.randn(DataType.FLOAT, 1, ld * n).data().asFloat();
                FloatPointer want = new FloatPointer(c0);
                FloatPointer got = new FloatPointer(c0);
                openblas.cblas_sgemm(openblas.CblasColMajor, tx ? openblas.CblasTrans : openblas.CblasNoTrans,
                        ty ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 0.5f, new FloatPointer(x), ld,
                        new FloatPointer(y), ld, 2f, want, ld);
                OneDnn.sgemm(tx, ty, m, n, k, 0.5f, new FloatPointer(x), ld, new FloatPointer(y), ld, 2f, got, ld);
                float[] w = new float[ld * n];
                float[] g = new float[ld * n];
                want.get(w);
                got.get(g);
                for (int col = 0; col < n; col++) {
                    for (int row = 0; row < ld; row++) {
                        int i = row + col * ld;
                        if (row >= m) {
                            assertEquals(c0[i], g[i], "tx=" + tx + " ty=" + ty + ": wrote below the matrix at " + i);
                        } else {
                            assertEquals(w[i], g[i], 1e-4 * Math.max(1, Math.abs(w[i])), "tx=" + tx + " ty=" + ty
                                    + " (" + row + ", " + col + ")");
                        }
                    }
                }
            }
        }
    }

    /**
     * A run repeats bit for bit: the same product gives the same bits on a thread that never called oneDNN
     * before (which sets its OpenMP threads to one) and from operands copied to other addresses.
     */
    @Test
    void theSameProductGivesTheSameBitsOnAnotherThreadAndAtOtherAddresses() throws InterruptedException {
        Backend.configure(2);
        try {
            Nd4j.getRandom().setSeed(4);
            INDArray a = Nd4j.randn(DataType.FLOAT, 128, 1000);
            INDArray b = Nd4j.randn(DataType.FLOAT, 1000, 784);
            INDArray c = Nd4j.create(DataType.FLOAT, 128, 784);
            Blas.gemm(a, b, c, false, false).run();
            float[] here = c.data().asFloat();

            AtomicReference<float[]> there = new AtomicReference<>();
            Thread t = new Thread(() -> {
                INDArray a2 = a.dup();
                INDArray b2 = b.dup();
                INDArray c2 = Nd4j.create(DataType.FLOAT, 128, 784);
                Blas.gemm(a2, b2, c2, false, false).run();
                there.set(c2.data().asFloat());
            });
            t.start();
            t.join();
            assertArrayEquals(here, there.get(), "on a new thread");

            if (OneDnn.available()) { // operands one float off their 64-byte alignment
                int size = 128 * 784;
                FloatPointer x = new FloatPointer(1 + 128 * 1000L).position(1);
                FloatPointer y = new FloatPointer(1 + 1000 * 784L).position(1);
                FloatPointer z = new FloatPointer(1 + (long) size).position(1);
                x.put(a.data().asFloat());
                y.put(b.data().asFloat());
                OneDnn.sgemm(false, false, 784, 128, 1000, 1f, y, 784, x, 1000, 0f, z, 784); // Cᵀ = Bᵀ Aᵀ
                float[] shifted = new float[size];
                z.get(shifted);
                assertArrayEquals(here, shifted, "at shifted addresses");
            }
        } finally {
            Backend.configure(Backend.defaultThreads());
        }
    }
}
