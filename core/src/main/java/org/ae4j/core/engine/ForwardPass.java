package org.ae4j.core.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Some outputs of a SameDiff graph for one fixed set of placeholder shapes, as an {@link Engine} runs them: write
 * each placeholder's values into {@link #placeholder}, {@link #run}, read {@link #output}. Parameters are read in
 * place, so an optimizer that updates the graph's variable arrays is seen by the next run. Not thread-safe.
 */
public interface ForwardPass {
    /** The array to write this placeholder's next values into before {@link #run}. */
    INDArray placeholder(String name);

    /** Runs the pass on the current placeholder and parameter values. */
    void run();

    /** An output's value after the last {@link #run}: the pass's own array, overwritten or freed by the next run. */
    INDArray output(String name);

    /** Whether the graph's variables still hold the arrays the pass was built with (a loaded checkpoint replaces them). */
    boolean parametersInPlace();

    /**
     * What a pass is specific to: its outputs and each placeholder's name, type and shape, e.g.
     * "[loss];x FLOAT[128, 784]". Callers that keep one pass per feed shape key them by it.
     */
    static String key(List<String> outputs, Map<String, INDArray> feed) {
        StringBuilder key = new StringBuilder(outputs.toString());
        new TreeMap<>(feed).forEach((name, a) -> key.append(';').append(name).append(' ')
                .append(a.dataType()).append(Arrays.toString(a.shape())));
        return key.toString();
    }
}
