package org.ae4j.experiments.beyond;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vae-family-mnist's NLL-against-epoch curve: when it is measured, and how its file is read back after a resume. */
class VaeFamilyCurveTest {

    @Test
    void pointsFallOnTheListedEpochsWithinTheBudgetAndOnTheLast() {
        VaeFamilyMnist.Curve curve = new VaeFamilyMnist.Curve(List.of(1, 10, 100), 50, 10);
        assertTrue(curve.at(1, 30) && curve.at(10, 30) && curve.at(30, 30));
        assertFalse(curve.at(2, 30) || curve.at(29, 30));
        assertEquals("the curve's epochs must be positive and increasing, got [5, 5]",
                assertThrows(IllegalArgumentException.class, () -> new VaeFamilyMnist.Curve(List.of(5, 5), 1, 1))
                        .getMessage());
    }

    @Test
    void aPointMeasuredAgainAfterAResumeReplacesTheFirstAndPointsComeInEpochOrder(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("nll-curve.csv");
        assertEquals(0, FamilyTable.readCurve(file)[0].length, "no file, no points");
        Files.writeString(file, "1,120.5\n10,100.25\n5,110.0\n10,99.75\n");
        double[][] points = FamilyTable.readCurve(file);
        assertArrayEquals(new double[] {1, 5, 10}, points[0]);
        assertArrayEquals(new double[] {120.5, 110.0, 99.75}, points[1]);
        Files.writeString(file, "1,120.5\n10;100\n");
        assertEquals(file + ": expected 'epoch,nll', got '10;100'",
                assertThrows(IOException.class, () -> FamilyTable.readCurve(file)).getMessage());
    }
}
