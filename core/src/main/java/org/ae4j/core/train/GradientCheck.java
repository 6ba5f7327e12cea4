package org.ae4j.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ae4j.core.engine.Backend;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Central finite-difference check of a graph's loss gradients against SameDiff's backprop, for every
 * element of every trainable variable. The graph must be built in DOUBLE: in float the differences are
 * too noisy.
 *
 * <p>Our own loop rather than ND4J's {@code GradCheckUtil}, which (M2.1) insists that every floating-point
 * placeholder have a gradient, so it fails on any graph with a second head (a VAE's decoder input or
 * evaluation noise). Placeholders are not checked: training never uses their gradients, and SameDiff M2.1
 * gets some of them wrong (for {@code sum(S * I)} with placeholder S and constant I the gradient w.r.t. S
 * misses the identity term while the parameters' gradients are right).
 */
public final class GradientCheck {
    private static final Logger LOG = LoggerFactory.getLogger(GradientCheck.class);
    private static final double STEP = 1e-6;
    private static final double MAX_RELATIVE_ERROR = 1e-5;
    private static final double MIN_ABSOLUTE_ERROR = 1e-8;

    private GradientCheck() {
    }

    /**
     * @param placeholders a value for every placeholder the loss reads (DOUBLE arrays)
     * @return true when every gradient element matches: relative error |a − n| / (|a| + |n|) at most 1e-5,
     *         or absolute error at most 1e-8 near zero
     */
    public static boolean passes(SameDiff sd, Map<String, INDArray> placeholders) {
        Backend.configure();
        placeholders.forEach((name, value) -> {
            if (value.dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException("placeholder '" + name + "' is " + value.dataType()
                        + "; gradient checks need DOUBLE");
            }
        });
        List<String> losses = sd.getLossVariables();
        if (losses == null || losses.isEmpty()) {
            throw new IllegalArgumentException("the graph has no loss variable to check");
        }
        List<String> params = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                if (v.dataType() != DataType.DOUBLE) {
                    throw new IllegalArgumentException("parameter '" + v.name() + "' is " + v.dataType()
                            + "; gradient checks need a DOUBLE graph");
                }
                params.add(v.name());
            }
        }
        Map<String, INDArray> analytic = sd.calculateGradients(placeholders, params);
        boolean ok = true;
        for (String p : params) {
            INDArray value = sd.getVariable(p).getArr();
            INDArray grad = analytic.get(p);
            for (long i = 0; i < value.length(); i++) {
                double original = value.getDouble(i);
                value.putScalar(i, original + STEP);
                double up = loss(sd, losses, placeholders);
                value.putScalar(i, original - STEP);
                double down = loss(sd, losses, placeholders);
                value.putScalar(i, original);
                double numeric = (up - down) / (2 * STEP);
                double a = grad == null ? 0.0 : grad.getDouble(i);
                double absolute = Math.abs(a - numeric);
                double relative = absolute == 0 ? 0 : absolute / (Math.abs(a) + Math.abs(numeric));
                if (relative > MAX_RELATIVE_ERROR && absolute > MIN_ABSOLUTE_ERROR) {
                    LOG.warn("gradient of {}[{}]: backprop {} vs finite difference {} (relative error {})", p, i, a,
                            numeric, relative);
                    ok = false;
                }
            }
        }
        return ok;
    }

    private static double loss(SameDiff sd, List<String> losses, Map<String, INDArray> placeholders) {
        Map<String, INDArray> out = sd.output(placeholders, losses.toArray(String[]::new));
        double total = 0;
        for (String name : losses) {
            total += out.get(name).sumNumber().doubleValue();
        }
        return total;
    }
}
