package org.ae4j.core.engine.host;

import org.ae4j.core.engine.Backend;
import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * oneDNN's single-precision GEMM ({@code dnnl_sgemm}, oneDNN 2.5.2 through JavaCPP), which {@link Blas} uses for
 * float products in place of OpenBLAS's {@code sgemm}. Its kernels are generated at run time for the processor's
 * widest instructions; OpenBLAS 0.3.19 runs a Zen 4 on its AVX2 "Zen" kernels. Measured on one core of that
 * machine, the 24 products of a 784-1000-500-250-30 auto-encoder's training step at batch 128: 17.9 ms (110
 * GFLOP/s) against OpenBLAS's 21.5 ms (92), and about twice as fast on the products with a side of 30.
 *
 * <p>Each call runs on the calling thread alone: oneDNN parallelizes with OpenMP, whose thread count is a
 * per-thread setting, so each thread sets it to one before its first call (unset, a new thread's calls each
 * started an OpenMP team of all processors: 8.9 instead of 17.7 ms for a 1000³ product, fighting
 * {@link Parallel}'s threads for the cores). ND4J and oneDNN share one OpenMP runtime, loaded by ND4J first.
 *
 * <p>Used where its natives load and {@code AE4J_GEMM} is not {@code openblas}; otherwise {@link Blas} calls
 * OpenBLAS, with one log line saying why.
 */
final class OneDnn {
    private static final Logger LOG = LoggerFactory.getLogger(OneDnn.class);
    private static final ThreadLocal<Boolean> ONE_OPENMP_THREAD = ThreadLocal.withInitial(() -> false);
    /** oneDNN's version when float products go to it, else null. */
    private static final String VERSION = load(System.getenv("AE4J_GEMM"));

    private OneDnn() {
    }

    /** Whether float products go to oneDNN. */
    static boolean available() {
        return VERSION != null;
    }

    /**
     * Column-major {@code C[m, n] = alpha · op(X) op(Y) + beta · C}, as BLAS's {@code sgemm}; oneDNN's is
     * row-major, so it computes the row-major Cᵀ = op(Y)ᵀ op(X)ᵀ from the same memory.
     */
    static void sgemm(boolean tx, boolean ty, int m, int n, int k, float alpha, FloatPointer x, int ldx,
                      FloatPointer y, int ldy, float beta, FloatPointer c, int ldc) {
        if (!ONE_OPENMP_THREAD.get()) {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
            ONE_OPENMP_THREAD.set(true);
        }
        int status = dnnl.dnnl_sgemm((byte) (ty ? 'T' : 'N'), (byte) (tx ? 'T' : 'N'), n, m, k, alpha, y, ldy, x, ldx,
                beta, c, ldc);
        if (status != dnnl.dnnl_success) {
            throw new IllegalStateException("oneDNN's sgemm failed with status " + status + " on a [" + m + ", " + k
                    + "] x [" + k + ", " + n + "] product (ld " + ldx + ", " + ldy + ", " + ldc + ")");
        }
    }

    /** A short name of the library {@link Blas} multiplies floats with. */
    static String describe() {
        return VERSION != null ? "oneDNN " + VERSION : "OpenBLAS 0.3.19";
    }

    private static String load(String choice) {
        if ("openblas".equalsIgnoreCase(choice)) {
            LOG.info("float products run on OpenBLAS: AE4J_GEMM=openblas");
            return null;
        }
        if (!Backend.hostBlas()) {
            return null;
        }
        try {
            dnnl_version_t v = dnnl.dnnl_version();
            return v.major() + "." + v.minor() + "." + v.patch();
        } catch (LinkageError | RuntimeException e) {
            LOG.info("float products run on OpenBLAS: oneDNN's natives did not load ({})", e.toString());
            return null;
        }
    }
}
