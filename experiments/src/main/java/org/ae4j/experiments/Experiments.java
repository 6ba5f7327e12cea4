package org.ae4j.experiments;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The registry of experiments: those {@link ServiceLoader} finds in
 * {@code META-INF/services/org.ae4j.experiments.Experiment}, in that file's order (the lecture's reading order).
 */
public final class Experiments {
    private static final List<Experiment> ALL = load();

    private Experiments() {
    }

    public static List<Experiment> all() {
        return ALL;
    }

    public static Optional<Experiment> byName(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The names of all experiments, in order. */
    public static List<String> names() {
        return ALL.stream().map(Experiment::name).toList();
    }

    private static List<Experiment> load() {
        List<Experiment> all = ServiceLoader.load(Experiment.class, Experiments.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
        Set<String> names = new HashSet<>();
        for (Experiment e : all) {
            if (!names.add(e.name())) {
                throw new IllegalStateException("two experiments are named '" + e.name() + "'");
            }
        }
        return all;
    }
}
