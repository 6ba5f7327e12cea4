package org.ae4j.core.engine;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.ae4j.core.loss.FusibleTerm;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a model's graph executes: its forward and backward passes, the optimizer's update, and which declared loss
 * terms run as fused kernels. Models describe maths and never see it; the trainer asks {@link #current()}.
 *
 * <ul>
 *   <li>{@code host}: the CPU path. Compiled op lists into preallocated arrays, GEMM through oneDNN or OpenBLAS
 *       cut among ae4j's threads, Vector API kernels for fused loss terms and Adam. Needs ND4J's CPU backend,
 *       whose arrays live in host memory.</li>
 *   <li>{@code portable}: ND4J's own ops only (SameDiff's executor; Adam as ND4J array ops), with no host
 *       addresses, BLAS calls or host kernels, so it computes the same thing on every ND4J backend.</li>
 * </ul>
 *
 * Chosen once per process: {@code AE4J_ENGINE} (or the system property {@code ae4j.engine}) when set, else
 * {@code host} on the CPU backend and {@code portable} on any other.
 */
public interface Engine {
    String HOST = "host";
    String PORTABLE = "portable";

    /** "host" or "portable", as recorded in each run's manifest and each benchmark line. */
    String name();

    /** The library that computes float matrix products, e.g. "oneDNN 2.5.2 sgemm" (runs repeat bit for bit with the same). */
    String floatGemm();

    /**
     * The forward and backward pass of the graph's loss for feeds shaped like {@code feed}: the {@code outputs}
     * and the gradients with respect to {@code parameters}, with any of {@code terms} this engine has a kernel
     * for computed by it.
     */
    GradientPass gradientPass(SameDiff sd, Map<String, INDArray> feed, List<String> outputs, List<String> parameters,
                              List<FusibleTerm> terms);

    /** The {@code outputs} of the graph for feeds shaped like {@code feed}. */
    ForwardPass forwardPass(SameDiff sd, Map<String, INDArray> feed, List<String> outputs);

    /**
     * One Adam update of each slot, in place (Kingma &amp; Ba 2015, Algorithm 1, the bias correction folded into
     * {@code update.stepSize()}), in the parameter's type: {@code m ← β1 m + (1 − β1) g}, {@code v ← β2 v +
     * (1 − β2) g²}, {@code θ ← θ − α m / (√v + ε)}.
     *
     * @param rowOwned the {@link GradientPass#rowOwned()} of the pass that made the gradients
     */
    void adam(List<AdamSlot> slots, AdamUpdate update, Set<String> rowOwned);

    /** The engine of this process (see the class doc). */
    static Engine current() {
        return Selection.current();
    }

    /** The engine named {@code host} or {@code portable}, e.g. to compare the two. */
    static Engine named(String name) {
        return Selection.named(name, Backend.hostBlas());
    }

    /** One parameter's Adam state and its gradient; {@code m} and {@code v} are shaped and typed as the parameter. */
    record AdamSlot(String name, INDArray param, INDArray gradient, INDArray m, INDArray v) {
    }

    /** Adam's coefficients for one step. */
    record AdamUpdate(double beta1, double beta2, double epsilon, double stepSize) {
    }

    /** The engine chosen once per process, on first use (a bad setting is then a one-line error, every time). */
    final class Selection {
        private static Engine current;

        private Selection() {
        }

        static synchronized Engine current() {
            if (current == null) {
                current = choose(setting(), Backend.hostBlas());
            }
            return current;
        }

        static String setting() {
            String property = System.getProperty("ae4j.engine");
            return property != null && !property.isBlank() ? property : System.getenv("AE4J_ENGINE");
        }

        static Engine choose(String setting, boolean cpuBackend) {
            return named(setting == null || setting.isBlank() ? (cpuBackend ? HOST : PORTABLE) : setting, cpuBackend);
        }

        static Engine named(String name, boolean cpuBackend) {
            String want = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
            if (!want.equals(HOST) && !want.equals(PORTABLE)) {
                throw new IllegalArgumentException("AE4J_ENGINE must be 'host' or 'portable', got '" + name + "'");
            }
            if (want.equals(HOST) && !cpuBackend) {
                throw new IllegalStateException("AE4J_ENGINE=host needs ND4J's CPU backend, but this process runs "
                        + Backend.describe() + "; use AE4J_ENGINE=portable (the default there)");
            }
            for (Engine e : ServiceLoader.load(Engine.class)) {
                if (e.name().equals(want)) {
                    return e;
                }
            }
            throw new IllegalStateException("no '" + want + "' engine on the class path");
        }
    }
}
