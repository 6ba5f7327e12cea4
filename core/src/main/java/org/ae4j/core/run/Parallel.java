package org.ae4j.core.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * ae4j's own threads for one computation cut into independent parts: the blocks of a matrix product
 * ({@link Blas}), the row ranges of an elementwise pass. OpenBLAS runs single-threaded ({@link Backend}) and the
 * caller decides what to split, because OpenBLAS's own threading split some products badly (a [128, 400] ×
 * [400, 784] product took as long on two threads as on one) and handed every small product to its second
 * thread (0.1-0.9 ms each inside a training step, where the product takes 0.04 ms alone).
 *
 * <p>The calling thread and {@link Backend#threads()} − 1 worker threads take parts from a shared counter until
 * none is left. A late worker (descheduled, or woken from its park) costs nothing but its share: the caller
 * takes the parts it has not claimed. Which thread runs a part does not change what the part computes, so the
 * results are the same however the parts were shared out. Workers spin for {@value #SPIN_MICROS} µs after a
 * task (the next product of a training step is usually that close) and then park, leaving the core to other
 * threads during long serial stretches. When another thread is using the workers, the caller runs all parts.
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
     * Runs the parts, shared among the calling thread and the workers, and returns when all are done. An exception
     * in any part is rethrown here after the others have finished.
     */
    public static void run(Runnable... parts) {
        if (parts.length <= 1 || threads() == 1 || !BUSY.compareAndSet(false, true)) {
            // one part, one thread, or another thread's parts (or ours, nested) on the workers: run them here
            for (Runnable p : parts) {
                p.run();
            }
            return;
        }
        Task task = new Task(parts);
        try {
            for (Worker w : workers(Math.min(threads(), parts.length) - 1)) {
                w.post(task);
            }
            task.work();
            task.awaitAll();
        } finally {
            BUSY.set(false);
        }
        task.rethrow();
    }

    private static List<Worker> workers(int count) {
        synchronized (WORKERS) {
            while (WORKERS.size() < count) {
                Worker w = new Worker("ae4j-parallel-" + (WORKERS.size() + 1));
                w.start();
                WORKERS.add(w);
            }
            return List.copyOf(WORKERS.subList(0, count));
        }
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }

    /** The parts of one call, claimed one at a time by whichever thread asks next. */
    private static final class Task {
        private final Runnable[] parts;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable failure;

        Task(Runnable[] parts) {
            this.parts = parts.clone(); // emptied as the parts are claimed; the caller may run its array again
        }

        void work() {
            for (int i; (i = next.getAndIncrement()) < parts.length; ) {
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
        private volatile Task task;

        Worker(String name) {
            super(name);
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
                t.work(); // nothing left to claim when it comes late
            }
        }
    }
}
