package org.ae4j.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ae4j.core.random.Rng;

/**
 * Minibatch index lists. Each batch is an int[] of row indices, ready for {@link Dataset#rows(int[])}.
 */
public final class Batches {
    private Batches() {
    }

    /**
     * One epoch: a random permutation of 0..n-1 from {@code rng} cut into batches of {@code batchSize}.
     * The last, smaller batch is kept unless {@code dropLast}. Advances {@code rng}.
     *
     * @throws IllegalArgumentException if n or batchSize is not positive, or dropLast leaves no batch
     */
    public static List<int[]> shuffled(int n, int batchSize, Rng rng, boolean dropLast) {
        check(n, batchSize);
        if (dropLast && n < batchSize) {
            // An empty epoch would make a training loop spin without learning, so refuse it.
            throw new IllegalArgumentException("dropLast with n = " + n + " < batchSize = " + batchSize
                    + " gives no batches");
        }
        return cut(rng.permutation(n), batchSize, dropLast);
    }

    /** 0..n-1 in order, cut into batches of {@code batchSize}; the last may be smaller. For evaluation. */
    public static List<int[]> sequential(int n, int batchSize) {
        check(n, batchSize);
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        return cut(order, batchSize, false);
    }

    /** How many batches an epoch of n examples gives. */
    public static int count(int n, int batchSize, boolean dropLast) {
        check(n, batchSize);
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    private static List<int[]> cut(int[] order, int batchSize, boolean dropLast) {
        int n = order.length;
        List<int[]> batches = new ArrayList<>(count(n, batchSize, dropLast));
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            if (dropLast && end - start < batchSize) {
                break;
            }
            batches.add(Arrays.copyOfRange(order, start, end));
        }
        return batches;
    }

    private static void check(int n, int batchSize) {
        if (n <= 0) {
            throw new IllegalArgumentException("number of examples must be positive, got " + n);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
    }
}
