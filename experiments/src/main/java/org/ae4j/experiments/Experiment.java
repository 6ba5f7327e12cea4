package org.ae4j.experiments;

/**
 * One runnable experiment of the lecture: it says what it is and shows ({@link #about()}), reads its settings from a
 * {@link RunContext}, trains and evaluates, and writes figures, metrics and its config into the run directory.
 * Experiments are found with {@link java.util.ServiceLoader}: each is listed, in the lecture's reading order, in
 * {@code META-INF/services/org.ae4j.experiments.Experiment}.
 */
public interface Experiment {
    /** Its name, description and place in the lecture. */
    About about();

    /** The name used on the command line, e.g. "mnist-ae". */
    default String name() {
        return about().name();
    }

    /** One line for {@code ae4j list}. */
    default String description() {
        return about().description();
    }

    void run(RunContext context) throws Exception;
}
