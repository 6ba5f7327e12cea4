package org.ae4j.experiments;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ae4j.core.data.DataDir;
import org.ae4j.core.run.RunDir;

/**
 * What an experiment runs with: the command-line options, the resolved data directory and the run
 * directory that receives every output. {@code config.json} holds the experiment's name, these options
 * and the experiment's own config record, so that {@code --resume} can rebuild the same run.
 */
public record RunContext(String experiment, RunOptions options, DataDir data, RunDir dir) {

    /** Writes {@code config.json}: experiment name, options and the experiment's config. */
    public void writeConfig(Object experimentConfig) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("experiment", experiment);
        config.put("options", options);
        config.put("config", experimentConfig);
        dir.writeConfig(config);
    }
}
