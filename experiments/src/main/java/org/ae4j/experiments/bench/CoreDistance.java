package org.ae4j.experiments.bench;

import java.util.Arrays;

/**
 * How far apart two of this process's threads run: the round trip of one cache line bounced between them.
 * A virtual machine's host may move its vCPUs between cores that share a cache and cores that do not. On the 2-vCPU
 * machine of docs/performance.md the round trip was 62-80 ns or 300-350 ns, each for seconds at a time, and a two-thread
 * VAE step took 2.9-3.3 ms in the first case and 4.7-5.6 ms in the second, so benchmarks record it.
 */
final class CoreDistance {
    private static final int BATCHES = 21;
    private static final int BOUNCES = 200;
    private static final long LIMIT_NANOS = 100_000_000;

    private CoreDistance() {
    }

    /** The line both threads write: odd values are this thread's serves, even ones the partner's returns. */
    private static final class Ball {
        volatile long value;
        volatile boolean stop;
    }

    /**
     * The round trip in nanoseconds: the median of {@value #BATCHES} batches' means over {@value #BOUNCES} bounces
     * each (a timer interrupt spoils one batch, not the result), or -1 with one processor or when the partner thread
     * did not keep up within 100 ms (another process busy on the other core).
     */
    static long roundTripNanos() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return -1;
        }
        try {
            Thread.sleep(5); // threads that spin after their work (Parallel's worker) park meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        Ball ball = new Ball();
        Thread partner = new Thread(() -> {
            while (!ball.stop) {
                long b = ball.value;
                if ((b & 1) == 1) {
                    ball.value = b + 1;
                } else {
                    Thread.onSpinWait();
                }
            }
        }, "ae4j-core-distance");
        partner.setDaemon(true);
        partner.start();
        try {
            long deadline = System.nanoTime() + LIMIT_NANOS;
            if (!bounce(ball, 0, deadline)) { // the first one waits for the partner to start
                return -1;
            }
            long[] means = new long[BATCHES];
            long served = 0;
            for (int b = 0; b < BATCHES; b++) {
                long start = System.nanoTime();
                for (int i = 0; i < BOUNCES; i++) {
                    served += 2;
                    if (!bounce(ball, served, deadline)) {
                        return -1;
                    }
                }
                means[b] = (System.nanoTime() - start) / BOUNCES;
            }
            Arrays.sort(means);
            return means[BATCHES / 2];
        } finally {
            ball.stop = true;
        }
    }

    private static boolean bounce(Ball ball, long even, long deadline) {
        ball.value = even + 1;
        for (int spins = 1; ball.value != even + 2; spins++) {
            if ((spins & 1023) == 0 && System.nanoTime() > deadline) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }
}
