package org.ae4j.core.optim;

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
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

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

    /**
     * AdamW's first step by hand: w = (1, −1) shrinks by 1 − ηλ = 0.95 to (0.95, −0.95), then Adam moves each
     * coordinate by η = 0.1 toward c = (3, 3); b, not decayed, only moves by η.
     */
    @Test
    void weightDecayShrinksTheDecayedParametersBeforeTheAdamStep() {
        SameDiff sd = quadratic();
        SDVariable b = sd.var("b", Nd4j.create(new double[] {1, -1}));
        SDVariable d = b.sub(sd.getVariable("c"));
        sd.setLossVariables(sd.getVariable("f").add(d.mul(d).sum()).rename("g"));
        AdamOptimizer adam = new AdamOptimizer(sd, List.of("w", "b"), 0.1);
        adam.setWeightDecay(0.5, List.of("w"));
        adam.minimize(Map.of("c", Nd4j.create(new double[] {3, 3})), "g");
        assertEquals(1.05, sd.getVariable("w").getArr().getDouble(0), 1e-6);
        assertEquals(-0.85, sd.getVariable("w").getArr().getDouble(1), 1e-6);
        assertEquals(1.1, sd.getVariable("b").getArr().getDouble(0), 1e-6);
        assertEquals(-0.9, sd.getVariable("b").getArr().getDouble(1), 1e-6);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> adam.setWeightDecay(0.5, List.of("nope")));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> adam.setWeightDecay(-1, List.of("w")));
    }

    /** Five steps on changing gradients equal ND4J's own Adam updater (same defaults and bias correction). */
    @Test
    void stepsEqualNd4jsAdamUpdater() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            SameDiff sd = SameDiff.create();
            INDArray start = Nd4j.create(new double[] {0.5, -1.5, 2, 0.1, -0.2, 3}, new long[] {2, 3}, 'c').castTo(type);
            sd.var("w", start.dup());
            AdamOptimizer ours = new AdamOptimizer(sd, List.of("w"), 0.01);
            INDArray theirs = start.dup();
            Adam config = new Adam(0.01);
            GradientUpdater<?> updater = config.instantiate(Nd4j.zeros(type, 1, config.stateSize(6)), true);
            for (int t = 0; t < 5; t++) {
                INDArray grad = Nd4j.create(new double[] {1, -2, 0.5 * t, 1e-3, -t, 4}, new long[] {2, 3}, 'c')
                        .castTo(type).muli(t + 1);
                ours.stepInPlace(Map.of("w", grad));
                INDArray update = grad.dup();
                updater.applyUpdater(update, t, 0);
                theirs.subi(update);
            }
            INDArray got = sd.getVariable("w").getArr();
            assertTrue(got.sub(theirs).amaxNumber().doubleValue() < (type == DataType.FLOAT ? 1e-6 : 1e-12),
                    type + ": " + got + " vs " + theirs);
            assertEquals(5, ours.iteration());
        }
    }

    /** The moments saved after two steps and restored into a fresh optimizer give the same third step. */
    @Test
    void restoredStateContinuesExactly() {
        INDArray grad = Nd4j.create(new float[] {0.3f, -0.7f}, new long[] {2}, 'c');
        SameDiff a = SameDiff.create();
        a.var("w", Nd4j.create(new float[] {1, 2}, new long[] {2}, 'c'));
        AdamOptimizer first = new AdamOptimizer(a, List.of("w"), 0.05);
        first.stepInPlace(Map.of("w", grad));
        first.stepInPlace(Map.of("w", grad.mul(2)));
        SameDiff b = SameDiff.create();
        b.var("w", a.getVariable("w").getArr().dup());
        AdamOptimizer second = new AdamOptimizer(b, List.of("w"), 0.05);
        second.restore(first.state(), first.iteration());
        first.stepInPlace(Map.of("w", grad.neg()));
        second.stepInPlace(Map.of("w", grad.neg()));
        assertEquals(a.getVariable("w").getArr(), b.getVariable("w").getArr());
        assertEquals(3, second.iteration());
    }

    @Test
    void updatingByRowBlocksGivesTheSameBitsAsByEqualRuns() {
        try {
            org.ae4j.core.engine.Backend.configure(2);
            Nd4j.getRandom().setSeed(9);
            INDArray init = Nd4j.randn(DataType.FLOAT, 70, 33); // rows cut at 64, values at 1,168: not the same cut
            SameDiff a = SameDiff.create();
            SameDiff b = SameDiff.create();
            a.var("w", init.dup());
            b.var("w", init.dup());
            AdamOptimizer byRuns = new AdamOptimizer(a, List.of("w"), 1e-2);
            AdamOptimizer byRows = new AdamOptimizer(b, List.of("w"), 1e-2);
            for (int step = 0; step < 3; step++) {
                Map<String, INDArray> grads = Map.of("w", Nd4j.randn(DataType.FLOAT, 70, 33));
                byRuns.stepInPlace(grads);
                byRows.stepInPlace(grads, java.util.Set.of("w"));
            }
            float[] want = a.getVariable("w").getArr().data().asFloat();
            float[] got = b.getVariable("w").getArr().data().asFloat();
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), "w at " + i);
            }
            assertTrue(!java.util.Arrays.equals(init.data().asFloat(), got), "the steps moved the weights");
        } finally {
            org.ae4j.core.engine.Backend.configure(org.ae4j.core.engine.Backend.defaultThreads());
        }
    }
}
