package org.ae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class GradientCheckTest {

    @Test
    void aCorrectGraphPassesEvenWithAPlaceholderTheLossDoesNotRead() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 3);
        sd.placeHolder("unused", DataType.DOUBLE, -1, 2); // a second head's input, as in a VAE
        SDVariable w = sd.var("w", Nd4j.create(new double[][] {{0.3, -0.2}, {0.1, 0.5}, {-0.4, 0.2}}));
        SDVariable h = sd.math.tanh(x.mmul(w));
        sd.setLossVariables(h.mul(h).sum().rename("loss"));
        assertTrue(GradientCheck.passes(sd, Map.of("x", Nd4j.create(new double[][] {{1, 2, 3}, {-1, 0.5, 0}}))));
    }

    @Test
    void aWrongBackpropIsCaught() {
        // SameDiff M2.1's gather drops repeated indices' contributions in backprop: the check must say so.
        SameDiff sd = SameDiff.create();
        SDVariable w = sd.var("w", Nd4j.create(new double[][] {{0.3, -0.2}, {0.1, 0.5}}));
        SDVariable rows = sd.gather(w, new int[] {0, 0, 1}, 0);
        sd.setLossVariables(rows.mul(rows).sum().rename("loss"));
        assertFalse(GradientCheck.passes(sd, Map.of()));
    }

    @Test
    void floatPlaceholdersAreRefused() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 1);
        sd.setLossVariables(x.sum().rename("loss"));
        assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.passes(sd, Map.of("x", Nd4j.ones(DataType.FLOAT, 1, 1))));
    }
}
