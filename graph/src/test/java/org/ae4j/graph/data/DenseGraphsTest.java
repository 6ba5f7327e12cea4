package org.ae4j.graph.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class DenseGraphsTest {

    @Test
    void pairsAreTheUpperTriangleInRowMajorOrder() {
        int k = 4;
        int expected = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                assertEquals(expected++, DenseGraphs.pairIndex(i, j, k));
            }
        }
        assertEquals(6, DenseGraphs.pairs(k));
    }

    @Test
    void aPathPlacedInGivenSlotsByHand() {
        // Path 0-1-2 with node types 1, 0, 1 and edge types 0 (0-1), 1 (1-2), in k = 4 slots 3, 0, 2.
        SmallGraph path = new SmallGraph(new int[] {1, 0, 1}, new int[][] {{0, 1}, {1, 2}}, new int[] {0, 1});
        DenseGraphs d = DenseGraphs.of(List.of(path), List.of(new int[] {3, 0, 2}), 1, 4, 2, 2, DataType.DOUBLE);
        double[] nodes = d.nodeTargets().toDoubleVector(); // 4 slots × (2 types + empty)
        assertEquals(1, nodes[0 * 3 + 0]); // slot 0 holds node 1 (type 0)
        assertEquals(1, nodes[1 * 3 + 2]); // slot 1 is empty
        assertEquals(1, nodes[2 * 3 + 1]); // slot 2 holds node 2 (type 1)
        assertEquals(1, nodes[3 * 3 + 1]); // slot 3 holds node 0 (type 1)
        assertEquals(4, d.nodeTargets().sumNumber().doubleValue());
        double[] edges = d.edgeTargets().toDoubleVector(); // 6 pairs × (2 types + none)
        assertEquals(1, edges[DenseGraphs.pairIndex(0, 3, 4) * 3 + 0]); // nodes 1-0 in slots 0, 3: type 0
        assertEquals(1, edges[DenseGraphs.pairIndex(0, 2, 4) * 3 + 1]); // nodes 1-2 in slots 0, 2: type 1
        assertEquals(1, edges[DenseGraphs.pairIndex(1, 2, 4) * 3 + 2]); // no edge
        assertEquals(6, d.edgeTargets().sumNumber().doubleValue());
        // The encoder's propagation: row of slot 0 (degree 2) has 1/3 toward slot 3 (type 0) and slot 2 (type 1).
        assertEquals(1.0 / 3, d.relations().get(0).getDouble(0, 3), 1e-12);
        assertEquals(1.0 / 3, d.relations().get(1).getDouble(0, 2), 1e-12);
        assertEquals(0.5, d.relations().get(0).getDouble(3, 0), 1e-12);
        assertEquals(3, d.membership().sumNumber().doubleValue());
    }

    @Test
    void orderingsOfOneGraphShareTheEncoderArrays() {
        SmallGraph g = GraphFamilies.path(3);
        List<SmallGraph> rows = List.of(g, g.permuted(new int[] {2, 1, 0}), GraphFamilies.cycle(3), GraphFamilies.cycle(3));
        DenseGraphs d = DenseGraphs.of(rows, null, 2, 4, 1, 1, DataType.DOUBLE);
        assertEquals(4, d.nodeTargets().rows());
        assertEquals(8, d.features().rows()); // 2 graphs × 4 slots, not 4 rows × 4
        assertEquals(8, d.membership().columns());
        // Rows 0 and 1 read graph 0's slots, rows 2 and 3 graph 1's.
        assertEquals(d.membership().getRow(0), d.membership().getRow(1));
        assertEquals(3, d.membership().getRow(2).sumNumber().doubleValue());
        assertEquals(0, d.membership().getDouble(2, 0));
        assertThrows(IllegalArgumentException.class, () -> DenseGraphs.of(rows.subList(0, 3), null, 2, 4, 1, 1,
                DataType.DOUBLE));
        assertThrows(IllegalArgumentException.class, () -> DenseGraphs.of(List.of(g), List.of(new int[] {0, 0, 1}), 1,
                4, 1, 1, DataType.DOUBLE));
        assertThrows(IllegalArgumentException.class, () -> DenseGraphs.of(List.of(GraphFamilies.path(5)), 4, 1, 1,
                DataType.DOUBLE));
    }
}
