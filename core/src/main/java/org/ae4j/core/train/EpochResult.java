package org.ae4j.core.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One epoch's record: the mean of every loss term over the training batches (weighted by batch
 * size) and over the held-out set.
 *
 * @param epoch   1-based epoch number
 * @param step    optimizer steps taken when the epoch ended
 * @param seconds wall time of the epoch's training and evaluation
 */
public record EpochResult(int epoch, long step, double seconds, Map<String, Double> train, Map<String, Double> valid) {
    public EpochResult {
        train = Collections.unmodifiableMap(new LinkedHashMap<>(train));
        valid = Collections.unmodifiableMap(new LinkedHashMap<>(valid));
    }
}
