package org.ae4j.core.data;

import java.util.List;
import java.util.Map;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the {@link org.ae4j.core.train.Trainer}'s steps come from: for each epoch, a sequence of feeds (placeholder
 * name to array).
 * {@link RowBatches} are shuffled minibatches of a dataset's rows, {@link FullBatch} one fixed feed per epoch (a
 * graph, a second moment, per-datapoint posteriors); a model can build its own batches at every step (the graph
 * VAE's aligned graph batches). The graph's {@link org.ae4j.core.model.Noise} is drawn on top by the trainer.
 */
public interface Feeds {
    /** Steps in each epoch, at least 1. */
    int steps();

    /**
     * One epoch's steps, drawing any randomness from {@code root}, the run's generator (whose state a checkpoint
     * keeps), or from a split of it.
     */
    Epoch epoch(Rng root);

    /**
     * Fails with a one-line message when these feeds do not fit the graph {@code sd}, whose examples enter at the
     * placeholder {@code input} ({@code role}: "training", ...).
     */
    default void check(SameDiff sd, String input, String role) {
    }

    /** One epoch: {@link #next} is called {@link Feeds#steps()} times, then {@link #close}. */
    interface Epoch extends AutoCloseable {
        /** The generator of this epoch's noise. */
        Rng rng();

        /** The next step's inputs, built now (after the previous step's update). */
        Step next();

        /** Frees what the epoch kept across steps. */
        @Override
        default void close() {
        }
    }

    /**
     * One step's inputs.
     *
     * @param inputs   placeholder name to array
     * @param examples how many examples the step holds: the weight of its loss in the epoch's mean
     * @param owned    arrays to free once the step is done
     */
    record Step(Map<String, INDArray> inputs, int examples, List<INDArray> owned) {
        public Step {
            if (examples < 1) {
                throw new IllegalArgumentException("a step needs at least one example, got " + examples);
            }
            inputs = Map.copyOf(inputs);
            owned = List.copyOf(owned);
        }
    }
}
