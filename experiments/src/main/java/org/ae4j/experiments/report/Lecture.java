package org.ae4j.experiments.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ae4j.experiments.About;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.Experiments;
import org.ae4j.experiments.Section;

/**
 * The report's table of contents: the lecture's sections in order, each with its experiments in the registry's
 * order, as the experiments describe themselves ({@link Experiment#about()}).
 */
public final class Lecture {
    /** A section of the lecture with its experiments in reading order. */
    public record Topic(Section section, List<About> entries) {
        public Topic {
            Objects.requireNonNull(section);
            entries = List.copyOf(entries);
        }
    }

    private static final List<Topic> TOPICS = group(Experiments.all());

    private Lecture() {
    }

    /** The lecture's sections that have experiments, in order, each with its experiments. */
    public static List<Topic> topics() {
        return TOPICS;
    }

    /** The published value of {@code metric} of {@code experiment}, if that experiment lists one. */
    public static Optional<Double> published(String experiment, String metric) {
        return Experiments.byName(experiment).flatMap(e -> e.about().published(metric));
    }

    /** Every experiment, in the order the report shows them. */
    public static List<String> experiments() {
        return TOPICS.stream().flatMap(t -> t.entries().stream()).map(About::name).toList();
    }

    private static List<Topic> group(List<Experiment> experiments) {
        List<Topic> topics = new ArrayList<>();
        for (Section section : Section.values()) {
            List<About> entries = experiments.stream().map(Experiment::about).filter(a -> a.section() == section)
                    .toList();
            if (!entries.isEmpty()) {
                topics.add(new Topic(section, entries));
            }
        }
        return List.copyOf(topics);
    }
}
