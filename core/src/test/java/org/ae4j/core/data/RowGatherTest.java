package org.ae4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RowGatherTest {

    @Test
    void gathersTheSameRowsAsGetRowsInTheSourceType() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = Nd4j.rand(type, 20, 7);
            int[] idx = {19, 0, 5, 5, 11};
            INDArray got = new RowGather(x).rows(idx);
            assertEquals(type, got.dataType());
            assertEquals(x.getRows(idx), got);
        }
    }

    @Test
    void readsViewsAndColumnMajorMatrices() {
        INDArray big = Nd4j.rand(DataType.FLOAT, 10, 6);
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 8),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 5));
        assertEquals(view.getRows(0, 5), new RowGather(view).rows(new int[] {0, 5}));
        INDArray f = big.dup('f');
        assertEquals(big.getRows(3, 1), new RowGather(f).rows(new int[] {3, 1}));
    }

    @Test
    void outOfRangeRowsAreRejected() {
        RowGather g = new RowGather(Nd4j.rand(DataType.FLOAT, 4, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> g.rows(new int[] {4}));
        assertThrows(IndexOutOfBoundsException.class, () -> g.rows(new int[] {-1}));
    }

    @Test
    void rowsIntoAReusedBufferEqualsFreshRowsAndRefusesWrongBuffers() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = Nd4j.rand(type, 20, 7);
            RowGather g = new RowGather(x);
            INDArray buffer = g.buffer(3);
            for (int[] idx : new int[][] {{19, 0, 5}, {2, 2, 13}}) {
                assertSame(buffer, g.rowsInto(idx, buffer));
                assertEquals(x.getRows(idx), buffer);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> g.rowsInto(new int[] {1, 2}, buffer));
            assertTrue(e.getMessage().contains("[2, 7]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> g.rowsInto(new int[] {1, 2, 3}, buffer.dup('f')));
            assertThrows(IndexOutOfBoundsException.class, () -> g.rowsInto(new int[] {1, 2, 20}, buffer));
        }
    }
}
