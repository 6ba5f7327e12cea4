package org.ae4j.experiments;

import java.nio.file.Path;

/**
 * The options every experiment accepts on the command line.
 *
 * @param epochs  overrides the experiment's epoch count; {@code null} keeps its default
 * @param seed    seeds data order, noise and initial weights
 * @param dataDir explicit data directory, or {@code null} to resolve it (AE4J_DATA, ~/.ae4j/data, ../shared/datasets)
 * @param quick   a short run (fewer examples and epochs) that still exercises every step
 */
public record RunOptions(Integer epochs, long seed, Path dataDir, boolean quick) {
    public RunOptions {
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
    }

    /** The experiment's default epoch count unless overridden. */
    public int epochsOr(int defaultEpochs) {
        return epochs == null ? defaultEpochs : epochs;
    }
}
