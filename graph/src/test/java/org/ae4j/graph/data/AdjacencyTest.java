package org.ae4j.graph.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdjacencyTest {

    @Test
    void aPathAndAnIsolatedNodeByHand() {
        // Path 0-1-2 plus isolated node 3. Degrees of A + I: 2, 3, 2, 1; entry (i, j) = (A + I)_ij / sqrt(d_i d_j).
        INDArray a = Nd4j.create(new double[][] {{0, 1, 0, 0}, {1, 0, 1, 0}, {0, 1, 0, 0}, {0, 0, 0, 0}});
        INDArray before = a.dup();
        INDArray n = Adjacency.symmetricNormalize(a);
        assertEquals(0.5, n.getDouble(0, 0), 1e-12);
        assertEquals(1 / Math.sqrt(6), n.getDouble(0, 1), 1e-12);
        assertEquals(1 / Math.sqrt(6), n.getDouble(1, 2), 1e-12);
        assertEquals(1 / 3.0, n.getDouble(1, 1), 1e-12);
        assertEquals(0.0, n.getDouble(0, 2), 0.0);
        assertEquals(1.0, n.getDouble(3, 3), 1e-12);
        assertEquals(n, n.transpose());
        assertEquals(before, a);
    }
}
