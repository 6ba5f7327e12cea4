package org.ae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamOptimizerTest {

    /** f(w) = sum((w − c)²) with c fed as a placeholder. */
    private static SameDiff quadratic() {
        SameDiff sd = SameDiff.create();
        SDVariable w = sd.var("w", Nd4j.create(new double[] {1, -1}));
        SDVariable c = sd.placeHolder("c", DataType.DOUBLE, 2);
        SDVariable d = w.sub(c);
        sd.setLossVariables(d.mul(d).sum().rename("f"));
        return sd;
    }

    @Test
    void minimizeReturnsTheObjectiveBeforeTheStepAndMovesTowardTheMinimum() {
        SameDiff sd = quadratic();
        AdamOptimizer adam = new AdamOptimizer(sd, List.of("w"), 0.1);
        Map<String, INDArray> feed = Map.of("c", Nd4j.create(new double[] {3, 3}));
        assertEquals(4 + 16, adam.minimize(feed, "f"), 1e-12);
        // Adam's first step moves each coordinate by the learning rate toward the minimum (up to its epsilon).
        assertEquals(1.1, sd.getVariable("w").getArr().getDouble(0), 1e-6);
        assertEquals(-0.9, sd.getVariable("w").getArr().getDouble(1), 1e-6);
        assertEquals(1, adam.iteration());
    }

    @Test
    void aNonFiniteObjectiveLeavesTheParametersAlone() {
        SameDiff sd = quadratic();
        AdamOptimizer adam = new AdamOptimizer(sd, List.of("w"), 0.1);
        double value = adam.minimize(Map.of("c", Nd4j.create(new double[] {Double.NaN, 0})), "f");
        assertTrue(Double.isNaN(value));
        assertEquals(1.0, sd.getVariable("w").getArr().getDouble(0));
        assertEquals(-1.0, sd.getVariable("w").getArr().getDouble(1));
        assertEquals(0, adam.iteration());
    }
}
