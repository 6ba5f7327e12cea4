package org.ae4j.core.train;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SameDiff's {@code output} for one graph, run by a {@link CompiledStep#compileForward} compiled on the first feed
 * of each shape, for evaluations that repeat one shape many times (importance sampling with thousands of samples):
 * ae4j's products share {@link org.ae4j.core.run.Parallel}'s threads, where SameDiff's own run on one. A graph
 * that does not compile is run by SameDiff, with one warning. Not thread-safe.
 */
public final class CompiledOutputs {
    private static final Logger LOG = LoggerFactory.getLogger(CompiledOutputs.class);
    private final SameDiff sd;
    private final Map<String, Optional<CompiledStep>> steps = new HashMap<>();

    public CompiledOutputs(SameDiff sd) {
        this.sd = sd;
    }

    /** The named outputs at {@code feed}, as new arrays that the caller owns. */
    public Map<String, INDArray> output(Map<String, INDArray> feed, String... outputs) {
        String key = CompiledStep.key(List.of(outputs), feed);
        Optional<CompiledStep> step = steps.computeIfAbsent(key, k -> compile(feed, outputs));
        if (step.isEmpty()) {
            return sd.output(feed, outputs);
        }
        if (!step.get().parametersInPlace()) { // a parameter got a new array (a loaded checkpoint): compile again
            steps.remove(key);
            return output(feed, outputs);
        }
        feed.forEach((name, a) -> step.get().placeholder(name).assign(a));
        step.get().run();
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String o : outputs) {
            out.put(o, step.get().output(o).dup());
        }
        return out;
    }

    private Optional<CompiledStep> compile(Map<String, INDArray> feed, String[] outputs) {
        try {
            return Optional.of(CompiledStep.compileForward(sd, feed, List.of(outputs)));
        } catch (RuntimeException e) {
            LOG.warn("SameDiff's executor computes {} (slower): it could not be compiled: {}", Arrays.toString(outputs),
                    e.getMessage());
            return Optional.empty();
        }
    }
}
