package org.ae4j.core.engine.portable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.engine.GradientPass;
import org.ae4j.core.memory.OffHeap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A pass run by SameDiff's own executor ({@code output} or {@code calculateGradientsAndOutputs}), on whatever
 * backend ND4J has: the portable engine's passes, and the host engine's for a graph it cannot compile. The
 * executor allocates every intermediate each run; this frees the last run's outputs and gradients when the next
 * one starts.
 */
public final class SameDiffPass implements GradientPass {
    private final SameDiff sd;
    private final List<String> outputs;
    private final List<String> parameters;
    private final Map<String, INDArray> placeholders = new LinkedHashMap<>();
    private final Map<SDVariable, INDArray> variables = new LinkedHashMap<>();
    private Map<String, INDArray> values = Map.of();
    private Map<String, INDArray> gradients = Map.of();

    /**
     * @param parameters the parameters to differentiate; empty for a forward pass
     */
    public SameDiffPass(SameDiff sd, Map<String, INDArray> feed, List<String> outputs, List<String> parameters) {
        this.sd = sd;
        this.outputs = List.copyOf(outputs);
        this.parameters = List.copyOf(parameters);
        feed.forEach((name, a) -> placeholders.put(name, Nd4j.createUninitialized(a.dataType(), a.shape(), 'c')));
        for (SDVariable v : sd.variables()) {
            if (v.getArr() != null && !v.isPlaceHolder()) {
                variables.put(v, v.getArr());
            }
        }
    }

    @Override
    public INDArray placeholder(String name) {
        INDArray a = placeholders.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no placeholder '" + name + "' in this pass; it has " + placeholders.keySet());
        }
        return a;
    }

    @Override
    public void run() {
        List<INDArray> previous = new ArrayList<>(values.values());
        previous.addAll(gradients.values());
        OffHeap.release(previous);
        if (parameters.isEmpty()) {
            values = sd.output(placeholders, outputs.toArray(String[]::new));
            gradients = Map.of();
        } else {
            OutAndGrad out = sd.calculateGradientsAndOutputs(placeholders, outputs, parameters);
            values = out.getOutputs();
            gradients = out.getGradients();
        }
    }

    @Override
    public INDArray output(String name) {
        INDArray a = values.get(name);
        if (a == null) {
            throw new IllegalArgumentException("'" + name + "' is not an output of this pass (" + outputs
                    + "), or the pass has not run");
        }
        return a;
    }

    @Override
    public Map<String, INDArray> gradients() {
        return gradients;
    }

    @Override
    public boolean parametersInPlace() {
        return variables.entrySet().stream().allMatch(e -> e.getKey().getArr() == e.getValue());
    }
}
