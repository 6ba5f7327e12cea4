package org.ae4j.core.data;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sets part of a training step's feed from where training stands, e.g. a KL weight rising during warm-up
 * (Bowman et al. 2016) or a free-bits floor (Kingma et al. 2016) fed to a scalar placeholder. Runs on training
 * steps only: held-out evaluation sees the feed as the model built it.
 */
@FunctionalInterface
public interface StepHook {
    /** Where training stands at a step: {@code iteration} steps already taken, 1-based {@code epoch}. */
    record Clock(long iteration, int epoch, int stepsPerEpoch, long totalSteps) {
    }

    /** Changes {@code feed} (its arrays may be assigned in place) before the step at {@code clock}. */
    void beforeStep(Map<String, INDArray> feed, Clock clock);

    /** A hook that sets the scalar placeholder {@code name} to {@code value(clock)}. */
    static StepHook scalar(String name, java.util.function.ToDoubleFunction<Clock> value) {
        return (feed, clock) -> {
            INDArray a = feed.get(name);
            if (a == null) {
                throw new IllegalStateException("no placeholder '" + name + "' in the step's feed " + feed.keySet());
            }
            a.assign(value.applyAsDouble(clock));
        };
    }
}
