package org.ae4j.core.data;

import java.util.List;
import java.util.Map;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * One step per epoch on the same inputs: full-batch training of a graph auto-encoder (Â, X), a linear AE on the
 * data's second moment, or per-datapoint posteriors. Noise is drawn straight from the run's generator.
 *
 * <p>An epoch's mean of a term is its one step's value.
 *
 * @param inputs placeholder name to array, fed at every step and never freed by the trainer
 */
public record FullBatch(Map<String, org.nd4j.linalg.api.ndarray.INDArray> inputs) implements Feeds {
    public FullBatch {
        inputs = Map.copyOf(inputs);
    }

    /** The same inputs at every step. */
    public static FullBatch of(Map<String, org.nd4j.linalg.api.ndarray.INDArray> inputs) {
        return new FullBatch(inputs);
    }

    @Override
    public int steps() {
        return 1;
    }

    @Override
    public void check(SameDiff sd, String input, String role) {
        if (!inputs.containsKey(input)) {
            throw new IllegalArgumentException("the " + role + " batch has no array for the model's input '"
                    + input + "'; it has " + inputs.keySet());
        }
    }

    @Override
    public Epoch epoch(Rng root) {
        Step step = new Step(inputs, 1, List.of());
        return new Epoch() {
            @Override
            public Rng rng() {
                return root;
            }

            @Override
            public Step next() {
                return step;
            }
        };
    }
}
