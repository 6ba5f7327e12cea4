package org.ae4j.core.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TwoThreads.class)
class ParallelTest {

    @Test
    void boundsCutIntoAlignedBlocksWithAShortLastOne() {
        assertArrayEquals(new int[] {0, 64, 100}, Parallel.bounds(100, 16, 2)); // 50 rounded up to 64
        assertArrayEquals(new int[] {0, 16, 32, 40}, Parallel.bounds(40, 16, 4)); // 10 rounded up to 16: three blocks
        assertArrayEquals(new int[] {0, 3, 6, 7}, Parallel.bounds(7, 1, 3));
        assertArrayEquals(new int[] {0, 5}, Parallel.bounds(5, 16, 8)); // shorter than one block
        assertArrayEquals(new int[] {0, 0}, Parallel.bounds(0, 16, 2));
        assertThrows(IllegalArgumentException.class, () -> Parallel.bounds(10, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Parallel.bounds(10, 1, 0));
    }

    @Test
    void runsEveryPartExactlyOnce() {
        for (int round = 0; round < 200; round++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(7);
            Runnable[] parts = new Runnable[7];
            for (int i = 0; i < parts.length; i++) {
                int part = i;
                parts[i] = () -> runs.incrementAndGet(part);
            }
            Parallel.run(parts);
            for (int i = 0; i < parts.length; i++) {
                assertEquals(1, runs.get(i), "part " + i + " in round " + round);
            }
        }
    }

    @Test
    void eachThreadRunsItsOwnRunOfParts() {
        // Parts 0-1 are the caller's, 2-3 the worker's. Each part waits for the part two further on (mod 4) to start,
        // so no thread can finish its run and take another's. Shared from one counter, the caller would take part 0
        // and wait for part 2 while the worker took part 1 and waited for part 3, until both timed out.
        for (int round = 0; round < 20; round++) {
            AtomicIntegerArray started = new AtomicIntegerArray(4);
            String[] ranOn = new String[4];
            Runnable[] parts = new Runnable[4];
            for (int i = 0; i < 4; i++) {
                int part = i;
                parts[i] = () -> {
                    started.set(part, 1);
                    ranOn[part] = Thread.currentThread().getName();
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    while (started.get((part + 2) % 4) == 0 && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                };
            }
            Parallel.run(parts);
            String caller = Thread.currentThread().getName();
            assertEquals(caller, ranOn[0], "round " + round);
            assertEquals(caller, ranOn[1], "round " + round);
            assertEquals(true, !caller.equals(ranOn[2]) && ranOn[2].equals(ranOn[3]),
                    "parts 2 and 3 ran on " + ranOn[2] + " and " + ranOn[3] + " in round " + round);
        }
    }

    @Test
    void theCallersArrayOfPartsCanRunAgain() {
        AtomicIntegerArray runs = new AtomicIntegerArray(3);
        Runnable[] parts = {() -> runs.incrementAndGet(0), () -> runs.incrementAndGet(1), () -> runs.incrementAndGet(2)};
        Parallel.run(parts);
        Parallel.run(parts);
        for (int i = 0; i < parts.length; i++) {
            assertEquals(2, runs.get(i), "part " + i);
        }
    }

    @Test
    void rangeCoversEachIndexOnce() {
        AtomicIntegerArray seen = new AtomicIntegerArray(1000);
        Parallel.range(1000, 16, 5, (from, to) -> {
            for (int i = from; i < to; i++) {
                seen.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, seen.get(i), "index " + i);
        }
    }

    @Test
    void aFailingPartIsRethrownAfterTheOthersFinish() {
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.run(
                () -> runs.incrementAndGet(0),
                () -> {
                    runs.incrementAndGet(1);
                    throw new IllegalStateException("part 1 failed");
                },
                () -> runs.incrementAndGet(2),
                () -> runs.incrementAndGet(3)));
        assertEquals("part 1 failed", e.getMessage());
        for (int i = 0; i < 4; i++) {
            assertEquals(1, runs.get(i), "part " + i);
        }
        Parallel.run(() -> runs.incrementAndGet(0), () -> runs.incrementAndGet(1)); // the workers still serve
        assertEquals(2, runs.get(0));
    }

    @Test
    void aNestedCallRunsItsPartsOnItsOwnThread() {
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        Parallel.run(
                () -> Parallel.run(() -> runs.incrementAndGet(0), () -> runs.incrementAndGet(1)),
                () -> Parallel.run(() -> runs.incrementAndGet(2), () -> runs.incrementAndGet(3)));
        for (int i = 0; i < 4; i++) {
            assertEquals(1, runs.get(i), "part " + i);
        }
    }
}
