package org.ae4j.core.train;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.ae4j.core.run.Backend;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.validation.GradCheckUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference check of a graph's gradients against SameDiff's backprop, for every trainable
 * variable. The graph must be built in DOUBLE: in float the central differences are too noisy.
 *
 * <p>Placeholders and constants are not checked: training never uses their gradients, and SameDiff
 * M2.1 gets some of them wrong (measured: for {@code sum(S * I)} with placeholder S and constant I, the
 * gradient w.r.t. S misses the identity term while the parameters' gradients are right).
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    /**
     * @param placeholders a value for every placeholder the loss needs (DOUBLE arrays)
     * @return true when all gradients match within relative error 1e-5 (absolute 1e-8 near zero)
     */
    public static boolean passes(SameDiff sd, Map<String, INDArray> placeholders) {
        Backend.configure();
        placeholders.forEach((name, value) -> {
            if (value.dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException("placeholder '" + name + "' is " + value.dataType()
                        + "; gradient checks need DOUBLE");
            }
            // GradCheckUtil reads placeholder values through the variables' arrays.
            sd.associateArrayWithVariable(value, sd.getVariable(name));
        });
        DataType oldType = Nd4j.dataType();
        DataType oldFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            return GradCheckUtil.checkGradients(sd, placeholders, 1e-6, 1e-5, 1e-8, false, false, false, false,
                    notTrainable(sd), null);
        } finally {
            Nd4j.setDefaultDataTypes(oldType, oldFloat);
        }
    }

    private static Set<String> notTrainable(SameDiff sd) {
        Set<String> names = new HashSet<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() != VariableType.VARIABLE) {
                names.add(v.name());
            }
        }
        return names;
    }
}
