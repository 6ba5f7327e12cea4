package org.ae4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.ae4j.core.random.Rng;
import org.junit.jupiter.api.Test;

class BatchesTest {
    private static int[] flatten(List<int[]> batches) {
        return batches.stream().flatMapToInt(IntStream::of).toArray();
    }

    @Test
    void shuffledCoversEveryIndexOnce() {
        List<int[]> batches = Batches.shuffled(103, 10, Rng.seeded(1), false);
        assertEquals(11, batches.size());
        assertEquals(3, batches.get(10).length);
        int[] all = flatten(batches);
        int[] sorted = all.clone();
        Arrays.sort(sorted);
        assertArrayEquals(IntStream.range(0, 103).toArray(), sorted);
        assertFalse(Arrays.equals(sorted, all), "shuffled");
    }

    @Test
    void seedDecidesOrder() {
        int[] a = flatten(Batches.shuffled(1000, 32, Rng.seeded(5), false));
        assertArrayEquals(a, flatten(Batches.shuffled(1000, 32, Rng.seeded(5), false)));
        assertFalse(Arrays.equals(a, flatten(Batches.shuffled(1000, 32, Rng.seeded(6), false))));
    }

    @Test
    void dropLast() {
        List<int[]> batches = Batches.shuffled(103, 10, Rng.seeded(1), true);
        assertEquals(10, batches.size());
        assertTrue(batches.stream().allMatch(b -> b.length == 10));
        assertEquals(10, Batches.count(103, 10, true));
        assertEquals(11, Batches.count(103, 10, false));
        assertEquals(1, Batches.shuffled(10, 10, Rng.seeded(1), true).size());
        assertThrows(IllegalArgumentException.class, () -> Batches.shuffled(5, 10, Rng.seeded(1), true));
    }

    @Test
    void sequential() {
        List<int[]> batches = Batches.sequential(7, 3);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {0, 1, 2}, batches.get(0));
        assertArrayEquals(new int[] {6}, batches.get(2));
    }

    @Test
    void validatesArguments() {
        assertThrows(IllegalArgumentException.class, () -> Batches.sequential(0, 3));
        assertThrows(IllegalArgumentException.class, () -> Batches.sequential(3, 0));
        assertThrows(IllegalArgumentException.class, () -> Batches.shuffled(-1, 3, Rng.seeded(1), false));
    }
}
