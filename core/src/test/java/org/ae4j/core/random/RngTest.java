package org.ae4j.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void sameSeedSameStream() {
        Rng a = Rng.seeded(123);
        Rng b = Rng.seeded(123);
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        assertNotEquals(Rng.seeded(1).nextLong(), Rng.seeded(2).nextLong());
    }

    @Test
    void nextIntStaysInRangeAndIsRoughlyUniform() {
        Rng r = Rng.seeded(9);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            int v = r.nextInt(7);
            assertTrue(v >= 0 && v < 7);
            counts[v]++;
        }
        for (int c : counts) {
            assertEquals(10_000, c, 400); // about 4 standard deviations
        }
        assertEquals(0, r.nextInt(1));
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
        int big = Integer.MAX_VALUE;
        for (int i = 0; i < 1000; i++) {
            int v = r.nextInt(big);
            assertTrue(v >= 0 && v < big);
        }
    }

    @Test
    void uniformsInUnitInterval() {
        Rng r = Rng.seeded(4);
        for (int i = 0; i < 10_000; i++) {
            double d = r.nextDouble();
            float f = r.nextFloat();
            assertTrue(d >= 0 && d < 1 && f >= 0 && f < 1);
        }
    }

    @Test
    void gaussianMomentsOver1e5() {
        Rng r = Rng.seeded(5);
        int n = 100_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            sum += g;
            sumSq += g * g;
        }
        double mean = sum / n;
        assertEquals(0, mean, 0.015); // SE 0.0032
        assertEquals(1, sumSq / n - mean * mean, 0.02); // SE 0.0045
        float[] f = new float[n];
        Rng.seeded(5).fillGaussian(f);
        assertEquals((float) Rng.seeded(5).nextGaussian(), f[0]);
    }

    @Test
    void permutationIsAPermutation() {
        int[] p = Rng.seeded(6).permutation(1000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, sorted[i]);
        }
        assertTrue(!Arrays.equals(p, sorted));
        assertArrayEquals(p, Rng.seeded(6).permutation(1000));
    }

    @Test
    void stateRoundTripContinuesIdentically() {
        Rng r = Rng.seeded(77);
        for (int i = 0; i < 10; i++) {
            r.nextDouble();
        }
        Rng restored = Rng.fromState(r.state());
        for (int i = 0; i < 100; i++) {
            assertEquals(r.nextLong(), restored.nextLong());
        }
        assertThrows(IllegalArgumentException.class, () -> Rng.fromState(new long[3]));
        assertThrows(IllegalArgumentException.class, () -> Rng.fromState(new long[4]));
    }

    @Test
    void splitGivesIndependentChild() {
        Rng a = Rng.seeded(8);
        Rng child = a.split();
        Rng b = Rng.seeded(8);
        Rng child2 = b.split();
        assertEquals(child.nextLong(), child2.nextLong());
        assertEquals(a.nextLong(), b.nextLong());
    }

    @Test
    void namedStreamsOfOneSeedAreReproducibleAndDistinct() {
        assertEquals(Rng.seeded(7, "init").nextLong(), Rng.seeded(7, "init").nextLong());
        assertNotEquals(Rng.seeded(7, "init").nextLong(), Rng.seeded(7, "trainer").nextLong());
        assertNotEquals(Rng.seeded(7, "init").nextLong(), Rng.seeded(8, "init").nextLong());
        assertNotEquals(Rng.seeded(7).nextLong(), Rng.seeded(7, "").nextLong());
    }
}
