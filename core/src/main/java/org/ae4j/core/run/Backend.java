package org.ae4j.core.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * One-time ND4J set-up for this process: the native thread count, and keeping SameDiff's
 * "Added differentiated op" lines (printed with {@code System.out} while building gradients) off the
 * user's console.
 *
 * <p>Threads: on the 2-vCPU machines this project targets, one OpenMP thread was faster than two
 * (OpenMP busy-waiting; measured 17-18 ms vs 38-50 ms per step of a 784-256-32 auto-encoder, batch 128).
 * The count comes from {@code AE4J_THREADS}, else {@code OMP_NUM_THREADS}, else 1. It is applied in Java
 * (ND4J's environment, OpenMP and BLAS), so it holds in an IDE too, not only under {@code scripts/ae4j}.
 */
public final class Backend {
    private static final String DIFF_OP_LINE = "Added differentiated op";
    private static boolean configured;

    private Backend() {
    }

    /** Applies the settings once; later calls do nothing. */
    public static synchronized void configure() {
        if (!configured) {
            configure(defaultThreads());
        }
    }

    /** Applies the settings with an explicit native thread count (a benchmark's {@code --threads}). */
    public static synchronized void configure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("need at least one thread, got " + threads);
        }
        if (!configured) {
            System.setOut(withoutLinesStartingWith(System.out, DIFF_OP_LINE));
        }
        configured = true;
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** The thread count {@link #configure()} applies: {@code AE4J_THREADS}, else {@code OMP_NUM_THREADS}, else 1. */
    public static int defaultThreads() {
        return threads(System.getenv("AE4J_THREADS"), System.getenv("OMP_NUM_THREADS"));
    }

    /** The thread count from the two environment values (either may be null or malformed). */
    static int threads(String ae4jThreads, String ompThreads) {
        for (String value : new String[] {ae4jThreads, ompThreads}) {
            if (value != null) {
                try {
                    int n = Integer.parseInt(value.trim());
                    if (n > 0) {
                        return n;
                    }
                } catch (NumberFormatException ignored) {
                    // fall through to the next source
                }
            }
        }
        return 1;
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
