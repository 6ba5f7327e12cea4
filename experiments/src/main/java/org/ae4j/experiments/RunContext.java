package org.ae4j.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.runs.Json;
import org.ae4j.core.runs.Manifest;
import org.ae4j.core.runs.RunDir;

/**
 * What an experiment runs with: the command-line options, the resolved data directory and the run
 * directory that receives every output. {@code config.json} holds the experiment's name, these options
 * and the experiment's own config record, so that {@code --resume} can rebuild the same run.
 */
public record RunContext(String experiment, RunOptions options, DataDir data, RunDir dir) {

    /**
     * A new run of {@code experiment} under {@code out}: resolves the data directory (failing before anything
     * is written when the data cannot be found), creates the run directory and writes its manifest.
     */
    public static RunContext create(Experiment experiment, RunOptions options, Path out, List<String> arguments) {
        DataDir data = DataDir.resolve(options.dataDir());
        RunDir dir = RunDir.create(out, experiment.name(), options.seed(), LocalDateTime.now());
        dir.writeManifest(Manifest.now(experiment.name(), options.seed(), arguments));
        return new RunContext(experiment.name(), options, data, dir);
    }

    /**
     * The run in {@code runDir} again, as its {@code config.json} describes it, with a new epoch count or data
     * directory where these are not null; the experiment continues from its checkpoints.
     */
    public static RunContext resume(Path runDir, Integer epochs, Path dataDir) {
        RunDir dir = RunDir.open(runDir);
        JsonNode saved = Json.read(dir.path().resolve(RunDir.CONFIG), JsonNode.class);
        String name = saved.path("experiment").asText();
        if (Experiments.byName(name).isEmpty()) {
            throw new IllegalArgumentException(runDir + " names unknown experiment '" + name + "'");
        }
        RunOptions old = Json.MAPPER.convertValue(saved.path("options"), RunOptions.class);
        RunOptions options = new RunOptions(epochs != null ? epochs : old.epochs(), old.seed(),
                dataDir != null ? dataDir : old.dataDir(), old.quick());
        return new RunContext(name, options, DataDir.resolve(options.dataDir()), dir);
    }

    /**
     * The experiment's config for this run's options, {@code of(options())}, written to {@code config.json} with the
     * experiment's name and the options.
     */
    public <C> C config(Function<RunOptions, C> of) {
        C config = of.apply(options);
        writeConfig(config);
        return config;
    }

    private void writeConfig(Object experimentConfig) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("experiment", experiment);
        config.put("options", options);
        config.put("config", experimentConfig);
        dir.writeConfig(config);
    }
}
