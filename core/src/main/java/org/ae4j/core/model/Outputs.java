package org.ae4j.core.model;

import java.util.Map;
import java.util.ServiceLoader;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Named outputs of one graph at a feed, for a model's evaluations that run the same graph many times (an
 * importance-sampled likelihood). SameDiff's executor by default; the engine offers its own forward pass by listing
 * a {@link Provider} in {@code META-INF/services/org.ae4j.core.model.Outputs$Provider}, so a model states what it
 * evaluates and the engine decides how it runs.
 */
@FunctionalInterface
public interface Outputs {
    /** The named outputs at {@code feed}, as arrays that the caller owns. */
    Map<String, INDArray> output(Map<String, INDArray> feed, String... outputs);

    /** The outputs of {@code sd} by the first provider listed, or by SameDiff's executor when none is. */
    static Outputs of(SameDiff sd) {
        for (Provider p : ServiceLoader.load(Provider.class)) {
            return p.outputs(sd);
        }
        return sd::output;
    }

    /** Builds the {@link Outputs} of a graph. */
    interface Provider {
        Outputs outputs(SameDiff sd);
    }
}
