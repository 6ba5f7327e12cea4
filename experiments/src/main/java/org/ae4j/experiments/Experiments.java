package org.ae4j.experiments;

import java.util.List;
import java.util.Optional;

/** The registry of experiments the CLI can run. */
public final class Experiments {
    private static final List<Experiment> ALL = List.of(
            new MnistAutoencoder(),
            new PcaMnist(),
            new PcaFaces(),
            new LinearAeCopy(),
            new LinearAeVsPca(),
            new RegularizedLae(),
            new DeepAeMnist(),
            new DeepAe2d(),
            new DaeMnist(),
            new DaeSpiral(),
            new DaeScore(),
            new VaeMnist(),
            new VaeMnistNll(),
            new AmortizationGap(),
            new GradientVariance(),
            new AeVsVaeSampling(),
            new VgaeLinkPrediction(),
            new GraphVaeDecoders(),
            new GraphVaeSynthetic(),
            new GraphVaeQm9());

    private Experiments() {
    }

    public static List<Experiment> all() {
        return ALL;
    }

    public static Optional<Experiment> byName(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
