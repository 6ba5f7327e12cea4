package org.ae4j.core.engine;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * One-time ND4J set-up for this process: how many threads do what, and keeping SameDiff's
 * "Added differentiated op" lines (printed with {@code System.out} while building gradients) off the
 * user's console.
 *
 * <p>Threads: {@link #threads()} threads share ae4j's matrix products and row passes ({@link Parallel},
 * {@link Blas}); OpenBLAS itself and ND4J's own elementwise and reduction ops run on one thread. Measured on a
 * 2-core machine: a 1024³ GEMM ran at 98 GFLOP/s on one thread and 186 on two, but two threads added about
 * 40 µs to every small elementwise op (a [128, 784] add: 24 vs 64 µs), which over the ~100 ops of a VAE step ate
 * the GEMM gain (9.7 ms per step with both on two threads, 9.0 on one, 6.8-7.5 with this split). OpenBLAS's own
 * threading left some products on one core ([128, 400] × [400, 784]: 0.89 ms on two threads, 0.46 cut by ae4j)
 * and handed every small product to its second thread (0.1-0.9 ms each inside a step); changing its thread
 * count costs 300-400 µs, so it stays at one. ND4J's products outside ae4j's compiled steps (SameDiff's own
 * executor, {@code INDArray.mmul}) therefore run on one thread. The count comes from {@code AE4J_THREADS}, else
 * the number of processors Java sees. It is applied in Java, so it holds in an IDE too, not only under
 * {@code scripts/ae4j}.
 */
public final class Backend {
    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private static final String DIFF_OP_LINE = "Added differentiated op";
    private static boolean configured;
    private static int threads = 1;

    private Backend() {
    }

    /** Applies the settings once; later calls do nothing. */
    public static synchronized void configure() {
        if (!configured) {
            configure(defaultThreads());
        }
    }

    /** Applies the settings with an explicit thread count (a benchmark's {@code --threads}). */
    public static synchronized void configure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("need at least one thread, got " + threads);
        }
        if (!configured) {
            System.setOut(withoutLinesStartingWith(System.out, DIFF_OP_LINE));
        }
        configured = true;
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
        Nd4j.factory().blas().setMaxThreads(1); // ae4j cuts the products itself (Blas)
        Backend.threads = threads;
    }

    /** The thread count for ae4j's matrix products and row passes (1 until {@link #configure} runs). */
    public static synchronized int threads() {
        return threads;
    }

    /** The thread count {@link #configure()} applies: {@code AE4J_THREADS}, else the processors Java sees. */
    public static int defaultThreads() {
        return threads(System.getenv("AE4J_THREADS"), Runtime.getRuntime().availableProcessors());
    }

    /** The thread count from {@code AE4J_THREADS} (may be null or malformed), else {@code processors}. */
    static int threads(String ae4jThreads, int processors) {
        if (ae4jThreads != null) {
            try {
                int n = Integer.parseInt(ae4jThreads.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall back to the processor count
            }
        }
        return Math.max(1, processors);
    }

    /**
     * Whether the JVM has the JDK's Vector API ({@code --add-modules jdk.incubator.vector}, as {@code scripts/ae4j}
     * and the tests run it), which the fused loss passes and Adam's update use; without it they fall back to
     * slower forms that compute the same values.
     */
    public static boolean vectorApi() {
        return VECTOR_API;
    }

    /**
     * Whether ND4J runs on the CPU backend, where arrays live in host memory that OpenBLAS (called directly through
     * {@code org.bytedeco.openblas}) can read and write.
     */
    public static boolean hostBlas() {
        return "CpuBackend".equals(Nd4j.getBackend().getClass().getSimpleName());
    }

    /** ND4J's backend class and version, e.g. "CpuBackend 1.0.0-M2.1". */
    public static String describe() {
        String version = Nd4j.class.getPackage().getImplementationVersion();
        return Nd4j.getBackend().getClass().getSimpleName() + " " + (version == null ? "1.0.0-M2.1" : version);
    }

    /** A stream that forwards everything but whole lines beginning with {@code prefix}. */
    static PrintStream withoutLinesStartingWith(PrintStream target, String prefix) {
        OutputStream filter = new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public synchronized void write(int b) {
                line.append((char) (b & 0xFF));
                if (b == '\n') {
                    flushLine();
                }
            }

            @Override
            public synchronized void flush() {
                // A partial line that cannot yet be judged stays buffered until its newline.
                if (line.length() > 0 && !prefix.startsWith(line.toString()) && !line.toString().startsWith(prefix)) {
                    flushLine();
                }
                target.flush();
            }

            private void flushLine() {
                String s = line.toString();
                line.setLength(0);
                if (!s.startsWith(prefix)) {
                    target.write(s.getBytes(StandardCharsets.ISO_8859_1), 0, s.length());
                }
            }
        };
        return new PrintStream(filter, true);
    }
}
