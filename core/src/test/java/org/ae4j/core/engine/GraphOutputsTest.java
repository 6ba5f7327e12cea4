package org.ae4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.Map;
import org.ae4j.core.model.Outputs;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GraphOutputsTest {

    /** y = tanh(x W + b) [B, 3] and its row sums s [B]. */
    private static SameDiff graph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable w = sd.var("w", ramp(4, 3, 1f / 6));
        SDVariable b = sd.var("b", Nd4j.createFromArray(new float[][] {{0.1f, -0.2f, 0.3f}}));
        SDVariable y = sd.math().tanh(x.mmul(w).add(b)).rename("y");
        y.sum(1).rename("s");
        return sd;
    }

    /** [rows, cols] with entries (i − j) · step, distinct and of both signs. */
    private static INDArray ramp(int rows, int cols, float step) {
        float[][] v = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                v[i][j] = (i * cols - j * rows + j) * step;
            }
        }
        return Nd4j.create(v);
    }

    @Test
    void givesSameDiffsValuesAsArraysTheCallerOwns() {
        SameDiff sd = graph();
        GraphOutputs outputs = new GraphOutputs(sd);
        for (int rows : new int[] {5, 2, 5}) { // a new shape compiles again; the first is reused
            INDArray x = ramp(rows, 4, 0.25f);
            Map<String, INDArray> want = sd.output(Map.of("x", x), "y", "s");
            Map<String, INDArray> got = outputs.output(Map.of("x", x), "y", "s");
            assertArrayEquals(want.get("y").data().asFloat(), got.get("y").data().asFloat(), 1e-6f);
            assertArrayEquals(want.get("s").data().asFloat(), got.get("s").data().asFloat(), 1e-6f);
            INDArray again = outputs.output(Map.of("x", x.mul(0)), "y").get("y");
            assertNotSame(again, got.get("y"));
            assertEquals(Math.tanh(0.1), again.getDouble(0, 0), 1e-6, "x = 0 gives tanh(b)");
            assertArrayEquals(want.get("y").data().asFloat(), got.get("y").data().asFloat(), 1e-6f, "kept");
        }
    }

    @Test
    void isTheOutputsModelsGet() {
        assertInstanceOf(GraphOutputs.class, Outputs.of(graph()));
    }

    @Test
    void seesParametersChangedInPlaceAndReplaced() {
        SameDiff sd = graph();
        GraphOutputs outputs = new GraphOutputs(sd);
        INDArray x = Nd4j.ones(DataType.FLOAT, 2, 4);
        outputs.output(Map.of("x", x), "s");
        sd.getVariable("w").getArr().assign(0); // an optimizer's update: the same array
        double want = Math.tanh(0.1) + Math.tanh(-0.2) + Math.tanh(0.3);
        assertEquals(want, outputs.output(Map.of("x", x), "s").get("s").getDouble(0), 1e-6);
        sd.getVariable("b").setArray(Nd4j.zeros(DataType.FLOAT, 1, 3)); // a loaded checkpoint: a new array
        assertEquals(0, outputs.output(Map.of("x", x), "s").get("s").getDouble(0), 1e-6);
    }
}
