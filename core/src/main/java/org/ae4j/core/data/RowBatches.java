package org.ae4j.core.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.memory.OffHeap;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Minibatches of a dataset's rows [B, D] fed to one placeholder: shuffled anew each epoch from a split of the run's
 * generator (the split also draws the epoch's noise), or in order for evaluation.
 */
public final class RowBatches implements Feeds {
    private final String placeholder;
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final RowGather rows;

    private RowBatches(String placeholder, Dataset data, int batchSize, boolean shuffle, boolean dropLast) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.placeholder = placeholder;
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.rows = new RowGather(data.x());
        if (dropLast && data.size() > 0 && steps() == 0) {
            throw new IllegalArgumentException(data.size() + " examples make no whole batch of " + batchSize);
        }
    }

    /** Seeded shuffled minibatches, the last one smaller when {@code batchSize} does not divide N. */
    public static RowBatches shuffled(String placeholder, Dataset data, int batchSize) {
        return new RowBatches(placeholder, data, batchSize, true, false);
    }

    /** The rows in order, for evaluation. */
    public static RowBatches sequential(String placeholder, Dataset data, int batchSize) {
        return new RowBatches(placeholder, data, batchSize, false, false);
    }

    /** These batches without the last, smaller one (every step the same shape, as PyTorch's {@code drop_last}). */
    public RowBatches wholeBatchesOnly() {
        return new RowBatches(placeholder, data, batchSize, shuffle, true);
    }

    @Override
    public int steps() {
        return Batches.count(data.size(), batchSize, dropLast);
    }

    @Override
    public void check(SameDiff sd, String input, String role) {
        long[] shape = sd.getVariable(placeholder).getShape();
        if (shape != null && shape.length == 2 && shape[1] > 0 && shape[1] != data.dim()) {
            throw new IllegalArgumentException("the " + role + " data has " + data.dim()
                    + " features per example but the model's input '" + placeholder + "' takes " + shape[1]);
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("the " + role + " data is empty");
        }
    }

    @Override
    public Epoch epoch(Rng root) {
        Rng rng = shuffle ? root.split() : root;
        List<int[]> batches = shuffle ? Batches.shuffled(data.size(), batchSize, rng, dropLast)
                : Batches.sequential(data.size(), batchSize).subList(0, steps());
        Map<Integer, INDArray> buffers = new HashMap<>(); // reused across steps, by batch length
        return new Epoch() {
            private int next;

            @Override
            public Rng rng() {
                return rng;
            }

            @Override
            public Step next() {
                int[] batch = batches.get(next++);
                INDArray x = rows.rowsInto(batch, buffers.computeIfAbsent(batch.length, rows::buffer));
                return new Step(Map.of(placeholder, x), batch.length, List.of());
            }

            @Override
            public void close() {
                OffHeap.release(buffers.values());
            }
        };
    }
}
