package org.ae4j.core.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.loss.FusibleTerm;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One engine's losses and gradients against another's on the same graph and feed: how the portable engine (what
 * runs under CUDA) is checked against the host engine on the CPU.
 */
public final class EngineComparison {
    private EngineComparison() {
    }

    /**
     * Runs one gradient pass of each engine at {@code feed} and returns, for each output and each parameter's
     * gradient (keyed "d/d" + name), the {@link #relativeL2} of {@code other}'s value against {@code reference}'s.
     */
    public static Map<String, Double> gradients(Engine reference, Engine other, SameDiff sd, Map<String, INDArray> feed,
                                                List<String> outputs, List<String> parameters,
                                                List<FusibleTerm> terms) {
        GradientPass want = reference.gradientPass(sd, feed, outputs, parameters, terms);
        GradientPass got = other.gradientPass(sd, feed, outputs, parameters, terms);
        for (GradientPass pass : List.of(want, got)) {
            feed.forEach((name, a) -> pass.placeholder(name).assign(a));
            pass.run();
        }
        Map<String, Double> differences = new LinkedHashMap<>();
        for (String o : outputs) {
            differences.put(o, relativeL2(want.output(o), got.output(o)));
        }
        for (String p : parameters) {
            differences.put("d/d" + p, relativeL2(want.gradients().get(p), got.gradients().get(p)));
        }
        return differences;
    }

    /** ‖got − want‖₂ / max(‖want‖₂, 1e-6), in double; arrays of equal length, compared in row-major order. */
    public static double relativeL2(INDArray want, INDArray got) {
        if (want.length() != got.length()) {
            throw new IllegalArgumentException("cannot compare " + want.length() + " values with " + got.length());
        }
        INDArray w = want.castTo(DataType.DOUBLE).reshape(want.length());
        INDArray g = got.castTo(DataType.DOUBLE).reshape(got.length());
        double norm = w.norm2Number().doubleValue();
        return w.sub(g).norm2Number().doubleValue() / Math.max(norm, 1e-6);
    }
}
