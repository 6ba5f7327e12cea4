package org.ae4j.core.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.model.Outputs;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SameDiff's {@code output} for one graph, run by the {@link Engine}'s forward pass built on the first feed of each
 * shape and kept: on the host engine a compiled op list, 2-3 times faster than SameDiff's executor for the
 * repeated evaluations of an importance-sampled likelihood. Models reach it as {@link Outputs#of}.
 */
public final class GraphOutputs implements Outputs {
    private final SameDiff sd;
    private final Engine engine;
    private final Map<String, ForwardPass> passes = new HashMap<>();

    public GraphOutputs(SameDiff sd) {
        this(sd, Engine.current());
    }

    public GraphOutputs(SameDiff sd, Engine engine) {
        this.sd = sd;
        this.engine = engine;
    }

    /** The named outputs at {@code feed}, as new arrays that the caller owns. */
    @Override
    public Map<String, INDArray> output(Map<String, INDArray> feed, String... outputs) {
        String key = ForwardPass.key(List.of(outputs), feed);
        ForwardPass pass = passes.computeIfAbsent(key, k -> engine.forwardPass(sd, feed, List.of(outputs)));
        if (!pass.parametersInPlace()) { // a parameter got a new array (a loaded checkpoint): build it again
            passes.remove(key);
            return output(feed, outputs);
        }
        feed.forEach((name, a) -> pass.placeholder(name).assign(a));
        pass.run();
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String o : outputs) {
            out.put(o, pass.output(o).dup());
        }
        return out;
    }

    /** The engine's {@link Outputs} for models, listed in {@code META-INF/services}. */
    public static final class Provider implements Outputs.Provider {
        @Override
        public Outputs outputs(SameDiff sd) {
            return new GraphOutputs(sd);
        }
    }
}
