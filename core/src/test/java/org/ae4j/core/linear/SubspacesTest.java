package org.ae4j.core.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SubspacesTest {
    private static final INDArray E12 = Nd4j.create(new double[][] {{1, 0, 0}, {0, 1, 0}}); // components [2, 3]

    @Test
    void theSameAxesAreAtDistanceZeroAndAligned() {
        INDArray decoder = Nd4j.create(new double[][] {{2, 0}, {0, -3}, {0, 0}});   // scaled, sign-flipped axes
        assertEquals(0.0, Subspaces.subspaceDistance(decoder, E12), 1e-12);
        assertEquals(0.0, Subspaces.axisAlignment(decoder, E12), 1e-12);
    }

    @Test
    void aRotationInsideTheSubspaceKeepsTheSpanButLosesTheAxes() {
        double c = Math.sqrt(0.5);
        INDArray decoder = Nd4j.create(new double[][] {{c, -c}, {c, c}, {0, 0}});   // 45 degrees
        assertEquals(0.0, Subspaces.subspaceDistance(decoder, E12), 1e-12);
        // each column has cos^2 = 1/2 with both axes
        assertEquals(0.5, Subspaces.axisAlignment(decoder, E12), 1e-12);
    }

    @Test
    void anOrthogonalDirectionCountsFully() {
        INDArray decoder = Nd4j.create(new double[][] {{1, 0}, {0, 0}, {0, 1}});    // e1 and e3
        assertEquals(0.5, Subspaces.subspaceDistance(decoder, E12), 1e-12);
        assertEquals(0.5, Subspaces.axisAlignment(decoder, E12), 1e-12);
    }

    @Test
    void mismatchedShapesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Subspaces.subspaceDistance(Nd4j.create(new double[][] {{1}, {0}}), E12));
    }

    @Test
    void bestMatchesNameTheClosestAxisPerColumn() {
        INDArray swapped = Nd4j.create(new double[][] {{0.1, 1}, {1, 0.2}, {0, 0}});  // column 0 ~ e2, column 1 ~ e1
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 0}, Subspaces.bestMatches(swapped, E12));
    }
}
