package org.ae4j.experiments.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.experiments.CompletedRuns;
import org.ae4j.experiments.RunContext;
import org.ae4j.graph.data.Graph;
import org.ae4j.graph.data.Linqs;
import org.ae4j.graph.model.GraphAutoencoder.Spec;
import org.apache.commons.math3.stat.StatUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sweep of graph auto-encoders over citation graphs and seeds: every (dataset, model, seed) is one run of
 * {@link CompletedRuns}, recorded as it finishes, so that a resumed sweep skips the runs it has.
 */
final class LinkSweep {
    private static final Logger LOG = LoggerFactory.getLogger(LinkSweep.class);

    private LinkSweep() {
    }

    /** What an experiment's config says of the sweep. */
    interface Settings {
        /** LINQS data sets, e.g. "cora". */
        List<String> datasets();

        /** The models by name, in the order they run. */
        Map<String, Spec> models();

        /** Runs per dataset and model, with seeds {@code seed()}, {@code seed() + 1}, ... */
        int seeds();

        long seed();
    }

    /**
     * One run of the sweep.
     *
     * @param index the seed's place among the sweep's seeds, 0 for the first
     */
    record Run(String dataset, Graph graph, String model, Spec spec, int index, long seed) {
        String id() {
            return LinkSweep.id(dataset, model, seed);
        }
    }

    /** Measures one run. */
    interface Measurement {
        Map<String, Double> measure(Run run) throws Exception;
    }

    /**
     * Measures every run that {@code runs} does not hold yet, dataset by dataset, model by model, seed by seed;
     * returns the graphs by dataset.
     */
    static Map<String, Graph> measure(RunContext ctx, Settings settings, CompletedRuns runs, Measurement measurement)
            throws Exception {
        Map<String, Graph> graphs = new LinkedHashMap<>();
        for (String dataset : settings.datasets()) {
            Graph graph = Linqs.load(ctx.data(), dataset);
            graphs.put(dataset, graph);
            for (var model : settings.models().entrySet()) {
                for (int s = 0; s < settings.seeds(); s++) {
                    Run run = new Run(dataset, graph, model.getKey(), model.getValue(), s, settings.seed() + s);
                    if (!runs.contains(run.id())) {
                        runs.add(run.id(), measurement.measure(run));
                        LOG.info("{}: {}", run.id(), runs.get(run.id()));
                    }
                }
            }
        }
        return graphs;
    }

    /** {@code metric} of the finished runs of {@code model} on {@code dataset}, one value per seed in order. */
    static double[] values(CompletedRuns runs, Settings settings, String dataset, String model, String metric) {
        double[] values = new double[settings.seeds()];
        for (int s = 0; s < values.length; s++) {
            values[s] = runs.get(id(dataset, model, settings.seed() + s)).get(metric);
        }
        return values;
    }

    static double mean(double[] v) {
        return StatUtils.mean(v);
    }

    /** Sample standard deviation (n − 1); 0 for a single value. */
    static double std(double[] v) {
        return v.length < 2 ? 0 : Math.sqrt(StatUtils.variance(v));
    }

    private static String id(String dataset, String model, long seed) {
        return dataset + "_" + model + "_seed" + seed;
    }
}
