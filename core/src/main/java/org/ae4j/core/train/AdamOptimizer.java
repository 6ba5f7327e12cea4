package org.ae4j.core.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.run.OffHeap;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Adam (Kingma &amp; Ba 2015) over a graph's trainable variables, applied outside SameDiff's own fit
 * loop so that its state (first and second moments, step count) is ours to checkpoint.
 * Each parameter's moments live in one flat view array [1, 2n] that ND4J's updater writes into.
 */
public final class AdamOptimizer {
    private final SameDiff sd;
    private final Map<String, INDArray> stateViews = new LinkedHashMap<>();
    private final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
    private final Adam adam;
    private long iteration;

    public AdamOptimizer(SameDiff sd, List<String> parameters, double learningRate) {
        this.sd = sd;
        this.adam = new Adam(learningRate);
        for (String name : parameters) {
            INDArray param = sd.getVariable(name).getArr();
            INDArray view = Nd4j.zeros(param.dataType(), 1, adam.stateSize(param.length()));
            stateViews.put(name, view);
            updaters.put(name, adam.instantiate(view, true));
        }
    }

    /** Sets the step size of the following steps; the updaters read it from the shared config at each step. */
    public void setLearningRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        adam.setLearningRate(learningRate);
    }

    /**
     * Takes one step: {@code theta -= adam(grad)}. The gradients are consumed: overwritten, then their
     * off-heap memory is released at once rather than whenever the garbage collector runs (measured:
     * without this a K = D = 784 linear AE grew by ~5 MB per step until the OS killed it at 24 GB).
     */
    public void step(Map<String, INDArray> gradients) {
        for (Map.Entry<String, GradientUpdater<?>> e : updaters.entrySet()) {
            INDArray grad = gradients.get(e.getKey());
            if (grad == null) {
                throw new IllegalStateException("no gradient for parameter '" + e.getKey()
                        + "': it does not influence the loss");
            }
            // ND4J's updaters take an int iteration for the bias correction.
            e.getValue().applyUpdater(grad, Math.toIntExact(iteration), 0);
            sd.getVariable(e.getKey()).getArr().subi(grad);
        }
        OffHeap.release(gradients.values());
        iteration++;
    }

    /**
     * One step on a scalar {@code objective}: its gradients with respect to this optimizer's parameters at
     * {@code feed}, then {@link #step}. A NaN or infinite objective is returned without a step, so the
     * parameters stay as they were; the caller reports it.
     *
     * @return the objective's value before the step
     */
    public double minimize(Map<String, INDArray> feed, String objective) {
        OutAndGrad out = sd.calculateGradientsAndOutputs(feed, List.of(objective), List.copyOf(updaters.keySet()));
        double value = out.getOutputs().get(objective).getDouble(0);
        if (Double.isFinite(value)) {
            step(out.getGradients());
        } else {
            OffHeap.release(out.getGradients().values());
        }
        OffHeap.release(out.getOutputs().values()); // off-heap memory now, not at the next GC
        return value;
    }

    public long iteration() {
        return iteration;
    }

    /** The live moment arrays, keyed by parameter name. */
    Map<String, INDArray> state() {
        return stateViews;
    }

    /** Restores moments and step count saved from an optimizer over the same parameters. */
    void restore(Map<String, INDArray> state, long iteration) {
        if (!state.keySet().equals(stateViews.keySet())) {
            throw new IllegalArgumentException("optimizer state is for parameters " + state.keySet()
                    + " but the model has " + stateViews.keySet());
        }
        for (Map.Entry<String, INDArray> e : stateViews.entrySet()) {
            INDArray saved = state.get(e.getKey());
            if (!java.util.Arrays.equals(saved.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("optimizer state for '" + e.getKey() + "' has shape "
                        + java.util.Arrays.toString(saved.shape()) + ", expected "
                        + java.util.Arrays.toString(e.getValue().shape()));
            }
            e.getValue().assign(saved);
        }
        this.iteration = iteration;
    }
}
