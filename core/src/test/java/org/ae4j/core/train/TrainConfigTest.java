package org.ae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.ae4j.core.optim.AdamOptimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrainConfigTest {

    @Test
    void theCosineScheduleRunsFromTheInitialToTheFinalRate() {
        TrainConfig c = new TrainConfig(10, 32, 1e-2, 1e-4, 1);
        assertEquals(1e-2, c.learningRateAt(0, 101), 1e-15);
        assertEquals((1e-2 + 1e-4) / 2, c.learningRateAt(50, 101), 1e-15);
        assertEquals(1e-4, c.learningRateAt(100, 101), 1e-15);
        assertEquals(1e-4, c.learningRateAt(500, 101), 1e-15); // past the end: stays at the final rate
        // A quarter of the way: final + (initial - final) (1 + cos(pi/4)) / 2.
        assertEquals(1e-4 + (1e-2 - 1e-4) * (1 + Math.cos(Math.PI / 4)) / 2, c.learningRateAt(25, 101), 1e-15);
        TrainConfig constant = new TrainConfig(10, 32, 3e-3, 1);
        assertEquals(3e-3, constant.learningRateAt(77, 101), 0.0);
        assertEquals(constant.finalLearningRate(), constant.withEpochs(3).finalLearningRate(), 0.0);
    }

    @Test
    void impossibleSchedulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 1, 1e-3, 1e-2, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 1, 1e-3, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 1, 1e-3, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 1, 1e-3, 1e-3, 1, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 1, 1e-3, 1e-3, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 1, 1e-3, 1e-3, 1, 1e3));
    }

    @Test
    void adamsFirstStepHasTheLengthOfTheLearningRateSetBeforeIt() {
        // Bias-corrected Adam's first step is lr * g / (|g| + eps): about lr in each coordinate.
        SameDiff sd = SameDiff.create();
        SDVariable w = sd.var("w", Nd4j.zeros(DataType.DOUBLE, 1, 2));
        sd.setLossVariables(w.sum().rename("loss"));
        AdamOptimizer adam = new AdamOptimizer(sd, List.of("w"), 1e-3);
        adam.setLearningRate(0.25);
        INDArray grad = Nd4j.create(new double[][] {{2.0, -3.0}});
        adam.step(Map.of("w", grad));
        assertEquals(-0.25, w.getArr().getDouble(0, 0), 1e-6);
        assertEquals(0.25, w.getArr().getDouble(0, 1), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> adam.setLearningRate(0));
    }
}
