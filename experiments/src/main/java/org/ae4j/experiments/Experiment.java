package org.ae4j.experiments;

/**
 * One runnable experiment of the lecture: it reads its settings from a {@link RunContext}, trains
 * and evaluates, and writes figures, metrics and its config into the run directory.
 */
public interface Experiment {
    /** The name used on the command line, e.g. "mnist-ae". */
    String name();

    /** One line for {@code ae4j list}. */
    String description();

    void run(RunContext context) throws Exception;
}
