package org.ae4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HostArraysTest {

    @Test
    void sameValuesShapeAndTypeAsCreateThenCast() {
        double[] v = new double[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 7) / 3.0 - 1e-9 * i; // values that float cannot hold exactly
        }
        long[] shape = {2, 3, 4};
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.HALF, DataType.INT32}) {
            INDArray want = Nd4j.create(v, shape, 'c').castTo(type);
            INDArray got = HostArrays.of(v, shape, type);
            assertEquals(type, got.dataType());
            assertArrayEquals(shape, got.shape());
            assertEquals('c', got.ordering());
            assertTrue(want.equals(got), type + ": " + got);
            assertEquals(want.getDouble(1, 2, 3), got.getDouble(1, 2, 3), 0.0, type.toString());
        }
    }

    @Test
    void valuesThatDoNotFillTheShapeAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> HostArrays.of(new double[5], new long[] {2, 3},
                DataType.FLOAT));
        assertEquals("5 values do not fill shape [2, 3]", e.getMessage());
    }
}
