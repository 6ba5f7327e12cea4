package org.ae4j.core.engine;

import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A {@link ForwardPass} that also computes the gradients of the graph's loss with respect to its parameters. */
public interface GradientPass extends ForwardPass {
    /** The gradients after the last {@link #run}, keyed by parameter name: the pass's own arrays. */
    Map<String, INDArray> gradients();

    /**
     * Parameters whose row blocks this pass keeps on one thread each, for an optimizer of the same engine to update
     * each block on the thread that computed its gradient; empty where that does not apply.
     */
    default Set<String> rowOwned() {
        return Set.of();
    }
}
