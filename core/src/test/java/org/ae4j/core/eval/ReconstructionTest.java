package org.ae4j.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ReconstructionTest {

    @Test
    void sumsOverColumnsAndAveragesOverRows() {
        // Row errors: 1^2 + 2^2 = 5 and 0 + 3^2 = 9, mean 7.
        var x = Nd4j.create(new double[][] {{0, 0}, {1, 1}});
        var r = Nd4j.create(new double[][] {{1, 2}, {1, 4}}).castTo(DataType.FLOAT);
        assertEquals(7.0, Reconstruction.squaredError(r, x), 1e-12);
    }

    @Test
    void shapesMustMatch() {
        assertThrows(IllegalArgumentException.class,
                () -> Reconstruction.squaredError(Nd4j.zeros(2, 3), Nd4j.zeros(3, 2)));
    }
}
