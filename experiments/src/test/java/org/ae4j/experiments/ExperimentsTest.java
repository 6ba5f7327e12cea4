package org.ae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.ae4j.experiments.About.Published;
import org.junit.jupiter.api.Test;

/** The registry is what the services file lists, and every experiment describes itself validly. */
class ExperimentsTest {

    @Test
    void theServiceLoaderFindsTheLecturesTwentyExperimentsAndThoseBeyondItOnceEachInOrder() {
        List<Experiment> loaded = ServiceLoader.load(Experiment.class).stream().map(ServiceLoader.Provider::get)
                .toList();
        assertEquals(20, loaded.stream().filter(e -> e.about().section() != Section.BEYOND).count(), loaded.toString());
        assertEquals(List.of("vae-family-mnist", "vae-family-long", "beta-vae-mnist", "conv-vae-mnist", "conv-vae-faces"), loaded.stream().filter(e -> e.about().section() == Section.BEYOND)
                .map(Experiment::name).toList());
        assertEquals(loaded.stream().map(Experiment::name).toList(), Experiments.names());
        assertEquals(loaded.size(), new HashSet<>(Experiments.names()).size(), "names are unique: " + Experiments.names());
        assertEquals(loaded.size(), loaded.stream().map(Object::getClass).distinct().count(), "each class is listed once");
        assertTrue(Experiments.all() == Experiments.all(), "the registry is loaded once");
        for (int i = 1; i < loaded.size(); i++) {
            assertTrue(loaded.get(i - 1).about().section().compareTo(loaded.get(i).about().section()) <= 0,
                    "the services file follows the lecture's sections: " + loaded.get(i).name());
        }
    }

    @Test
    void everyExperimentDescribesItself() {
        for (Experiment e : Experiments.all()) {
            About about = e.about();
            assertEquals(about.name(), e.name());
            assertEquals(about.description(), e.description());
            assertEquals(e, Experiments.byName(e.name()).orElseThrow());
            assertFalse(about.figures().isEmpty(), e.name() + " shows no figure");
            Set<String> prefixes = new HashSet<>();
            about.figures().forEach(f -> assertTrue(prefixes.add(f.prefix()), e.name() + ": figure " + f.prefix()));
            Set<String> metrics = new HashSet<>();
            for (Published p : about.published()) {
                assertTrue(metrics.add(p.metric()), e.name() + ": " + p.metric() + " published twice");
                assertTrue(Double.isFinite(p.value()), e.name() + ": " + p.metric());
            }
        }
        assertTrue(Experiments.byName("no-such-experiment").isEmpty());
    }

    @Test
    void theSectionsAreTheLecturesFiveTopicsInOrderThenWhatGoesBeyondIt() {
        assertEquals(List.of("Linear auto-encoders and PCA", "Deep auto-encoders", "Denoising auto-encoders",
                "Variational auto-encoders", "Graph variational auto-encoders", "Beyond the lecture"),
                java.util.Arrays.stream(Section.values()).map(Section::title).toList());
        assertEquals(List.of("9–22", "24–26", "28–32", "34–84", "86–100", ""),
                java.util.Arrays.stream(Section.values()).map(Section::slides).toList());
    }
}
