package org.ae4j.core.engine.host;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.ae4j.core.engine.Backend;

/**
 * ae4j's own threads for one computation cut into independent parts: the blocks of a matrix product
 * ({@link Blas}), the row ranges of an elementwise pass. OpenBLAS runs single-threaded ({@link Backend}) and the
 * caller decides what to split, because OpenBLAS's own threading split some products badly (a [128, 400] ×
 * [400, 784] product took as long on two threads as on one) and handed every small product to its second
 * thread (0.1-0.9 ms each inside a training step, where the product takes 0.04 ms alone).
 *
 * <p>The calling thread (thread 0) and {@link Backend#threads()} − 1 worker threads each run their own run of
 * consecutive parts, then take the parts that others have not started, from the back. So a computation cut the
 * same way at each call keeps each part on the same thread, and its memory in that core's cache: a VAE step whose
 * products and optimizer keep each weight's row block on one thread took about 4.3 instead of 4.8-5.5 ms when the
 * host placed the two vCPUs on distant cores (docs/performance.md). A late worker (descheduled, or woken from its park)
 * costs nothing but its share: the others take the parts it has not claimed. Which thread runs a part does not
 * change what the part computes, so the results are the same however the parts were shared out. Workers spin for
 * {@value #SPIN_MICROS} µs after a task (the next product of a training step is usually that close) and then park,
 * leaving the core to other threads during long serial stretches. When another thread is using the workers, the
 * caller runs all parts.
 */
public final class Parallel {
    private static final long SPIN_MICROS = 200;
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static final List<Worker> WORKERS = new ArrayList<>();

    private Parallel() {
    }

    /** A part of a computation over the index range [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** How many threads share a computation: {@link Backend#threads()}. */
    public static int threads() {
        return Backend.threads();
    }

    /**
     * [0, n) cut into {@code parts} ranges whose lengths are multiples of {@code align} (but the last), run as by
     * {@link #run}. The cut depends on its arguments alone, not on the threads.
     */
    public static void range(int n, int align, int parts, Range task) {
        int[] bounds = bounds(n, align, parts);
        Runnable[] tasks = new Runnable[bounds.length - 1];
        for (int i = 0; i < tasks.length; i++) {
            int from = bounds[i];
            int to = bounds[i + 1];
            tasks[i] = () -> task.run(from, to);
        }
        run(tasks);
    }

    /**
     * Boundaries 0 = b0 < b1 < ... = n of at most {@code parts} blocks, each a multiple of {@code align} long
     * but the last; fewer blocks when n is short.
     */
    public static int[] bounds(int n, int align, int parts) {
        if (n < 0 || align < 1 || parts < 1) {
            throw new IllegalArgumentException("need n >= 0, align >= 1, parts >= 1; got " + n + ", " + align + ", "
                    + parts);
        }
        int block = Math.max(align, ceil(ceil(n, parts), align) * align);
        int count = Math.max(1, ceil(n, block));
        int[] bounds = new int[count + 1];
        for (int i = 1; i <= count; i++) {
            bounds[i] = Math.min(n, i * block);
        }
        return bounds;
    }

    /**
     * Runs the parts, shared among the calling thread and the workers, and returns when all are done: thread t of
     * the P taking part (the caller is 0) first runs the t-th of P contiguous runs of parts. An exception in any
     * part is rethrown here after the others have finished.
     */
    public static void run(Runnable... parts) {
        int threads = Math.min(threads(), parts.length);
        if (threads <= 1 || !BUSY.compareAndSet(false, true)) {
            // one part, one thread, or another thread's parts (or ours, nested) on the workers: run them here
            for (Runnable p : parts) {
                p.run();
            }
            return;
        }
        int[] starts = new int[threads + 1];
        for (int t = 0; t <= threads; t++) {
            starts[t] = (int) ((long) t * parts.length / threads);
        }
        Task task = new Task(parts, starts);
        try {
            for (Worker w : workers(threads - 1)) {
                w.post(task);
            }
            task.work(0);
            task.awaitAll();
        } finally {
            BUSY.set(false);
        }
        task.rethrow();
    }

    private static List<Worker> workers(int count) {
        synchronized (WORKERS) {
            while (WORKERS.size() < count) {
                Worker w = new Worker(WORKERS.size() + 1);
                w.start();
                WORKERS.add(w);
            }
            return List.copyOf(WORKERS.subList(0, count));
        }
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * The parts of one call. Thread t runs its own parts [starts[t], starts[t + 1]) front to back, then takes the
     * parts others have not claimed yet, from the back (their owners work from the front).
     */
    private static final class Task {
        private final Runnable[] parts;
        private final int[] starts;
        private final AtomicIntegerArray claimed;
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable failure;

        Task(Runnable[] parts, int[] starts) {
            this.parts = parts.clone(); // emptied as the parts are claimed; the caller may run its array again
            this.starts = starts;
            this.claimed = new AtomicIntegerArray(parts.length);
        }

        void work(int thread) {
            int n = parts.length;
            int from = starts[thread];
            for (int i = from; i < starts[thread + 1]; i++) {
                claimAndRun(i);
            }
            for (int k = 1; k < n; k++) {
                claimAndRun(Math.floorMod(from - k, n));
            }
        }

        private void claimAndRun(int i) {
            if (claimed.get(i) != 0 || !claimed.compareAndSet(i, 0, 1)) {
                return;
            }
            Runnable part = parts[i];
            parts[i] = null; // a worker keeps its last task: not the arrays its parts hold
            try {
                part.run();
            } catch (Throwable t) {
                synchronized (this) {
                    if (failure == null) {
                        failure = t;
                    } else {
                        failure.addSuppressed(t);
                    }
                }
            }
            done.incrementAndGet();
        }

        void awaitAll() {
            while (done.get() < parts.length) {
                Thread.onSpinWait();
            }
        }

        void rethrow() {
            Throwable t = failure;
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** A daemon thread that helps with the latest posted task. */
    private static final class Worker extends Thread {
        private final int index;
        private volatile Task task;

        Worker(int index) {
            super("ae4j-parallel-" + index);
            this.index = index;
            setDaemon(true);
        }

        void post(Task t) {
            task = t;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            Task seen = null;
            while (true) {
                long spinUntil = System.nanoTime() + SPIN_MICROS * 1000;
                Task t;
                while ((t = task) == seen) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this); // post() unparks; a spurious return loops
                    }
                }
                seen = t;
                t.work(index); // nothing left to claim when it comes late
            }
        }
    }
}
