package org.ae4j.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ActiveUnitsTest {
    /** Columns with variances (population) 1, 0.0025 and 0.0225 over four rows: active at 0.01 are the first and third. */
    @Test
    void countsTheUnitsWhoseMeansVaryAboveTheThreshold() {
        double[][] means = {{-1, 0.30, 0.85}, {1, 0.40, 1.15}, {-1, 0.30, 0.85}, {1, 0.40, 1.15}};
        assertEquals(2, ActiveUnits.count(Nd4j.create(means), 0.01));
        assertEquals(1, ActiveUnits.count(Nd4j.create(means), 0.05));
        assertEquals(3, ActiveUnits.count(Nd4j.create(means), 0.002));
    }
}
