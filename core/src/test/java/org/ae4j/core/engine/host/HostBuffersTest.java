package org.ae4j.core.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HostBuffersTest {

    @Test
    void onlyAWholeRowMajorBufferIsDenseAndItsBytesAreItsValues() {
        INDArray a = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'c');
        assertTrue(HostBuffers.dense(a));
        assertEquals(6f, HostBuffers.bytes(a).getFloat(5 * Float.BYTES));
        assertTrue(!HostBuffers.dense(a.dup('f')), "column-major");
        assertTrue(!HostBuffers.dense(a.getRow(1)), "a view past the buffer's start");
        assertTrue(!HostBuffers.dense(a.getColumn(0)), "a strided view");
    }
}
