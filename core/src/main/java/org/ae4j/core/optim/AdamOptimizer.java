package org.ae4j.core.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ae4j.core.engine.Engine.AdamSlot;
import org.ae4j.core.engine.Engine.AdamUpdate;
import org.ae4j.core.engine.Engine;
import org.ae4j.core.engine.ForwardPass;
import org.ae4j.core.engine.GradientPass;
import org.ae4j.core.memory.OffHeap;
import org.ae4j.core.loss.FusibleTerm;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma &amp; Ba 2015, Algorithm 1, with ND4J's defaults β1 = 0.9, β2 = 0.999, ε = 1e-8 and its
 * bias correction folded into the step size) over a graph's trainable variables, applied outside SameDiff's
 * own fit loop so that its state (first and second moments, step count) is ours to checkpoint.
 *
 * <p>With a weight decay λ (AdamW, Loshchilov &amp; Hutter 2019) each step first shrinks the decayed parameters
 * by 1 − η λ, so that the step is θ − η (adam(grad) + λ θ) with the gradient taken at θ.
 *
 * <p>The {@link Engine} runs each step: the forward and backward pass ({@link GradientPass}, built on the first
 * feed of each shape and kept) and the update of the parameters and moments, which are ND4J arrays of the
 * parameter's type and shape.
 */
public final class AdamOptimizer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    /** One parameter's moments, shaped and typed as the parameter. */
    private record Moments(String name, INDArray m, INDArray v) {
        static Moments zeros(String name, INDArray param) {
            if (param.dataType() != DataType.FLOAT && param.dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException("Adam needs FLOAT or DOUBLE parameters; '" + name + "' is "
                        + param.dataType());
            }
            return new Moments(name, Nd4j.create(param.dataType(), param.shape(), 'c'),
                    Nd4j.create(param.dataType(), param.shape(), 'c'));
        }

        long length() {
            return m.length();
        }
    }

    private final SameDiff sd;
    private final Engine engine;
    private final List<Moments> moments = new ArrayList<>();
    private final Map<String, GradientPass> passes = new HashMap<>();
    private final List<FusibleTerm> fusible;
    private double learningRate;
    private double weightDecay;
    private List<String> decayed = List.of();
    private long iteration;

    public AdamOptimizer(SameDiff sd, List<String> parameters, double learningRate) {
        this(sd, parameters, learningRate, List.of());
    }

    /**
     * @param fusible loss terms the engine may compute by its kernels (see {@link FusibleTerm})
     */
    public AdamOptimizer(SameDiff sd, List<String> parameters, double learningRate, List<FusibleTerm> fusible) {
        this(sd, parameters, learningRate, fusible, Engine.current());
    }

    /** As above, on a given engine rather than the process's. */
    public AdamOptimizer(SameDiff sd, List<String> parameters, double learningRate, List<FusibleTerm> fusible,
                         Engine engine) {
        this.sd = sd;
        this.engine = engine;
        this.fusible = List.copyOf(fusible);
        setLearningRate(learningRate);
        for (String name : parameters) {
            moments.add(Moments.zeros(name, sd.getVariable(name).getArr()));
        }
    }

    /** Sets the step size of the following steps. */
    public void setLearningRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /**
     * Decoupled weight decay λ on {@code parameters} (names among this optimizer's) from the next step on; 0 turns
     * it off.
     */
    public void setWeightDecay(double lambda, List<String> parameters) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("weight decay must be non-negative and finite, got " + lambda);
        }
        List<String> names = moments.stream().map(Moments::name).toList();
        for (String p : parameters) {
            if (!names.contains(p)) {
                throw new IllegalArgumentException("'" + p + "' is not a parameter of this optimizer: " + names);
            }
        }
        this.weightDecay = lambda;
        this.decayed = List.copyOf(parameters);
    }

    /**
     * Takes one step: {@code theta -= adam(grad)}. The gradients are consumed: their off-heap memory is
     * released at once rather than whenever the garbage collector runs (measured: without this a K = D = 784
     * linear AE grew by ~5 MB per step until the OS killed it at 24 GB).
     */
    public void step(Map<String, INDArray> gradients) {
        stepInPlace(gradients, Set.of());
        OffHeap.release(gradients.values());
    }

    /** A step with gradients the caller keeps owning (a pass's own arrays): read, not changed or released. */
    void stepInPlace(Map<String, INDArray> gradients) {
        stepInPlace(gradients, Set.of());
    }

    /** As {@link #stepInPlace(Map)}, with the row ownership of the pass that made the gradients. */
    void stepInPlace(Map<String, INDArray> gradients, Set<String> rowOwned) {
        List<AdamSlot> slots = new ArrayList<>();
        for (Moments mo : moments) {
            INDArray grad = gradients.get(mo.name());
            if (grad == null) {
                throw new IllegalStateException("no gradient for parameter '" + mo.name()
                        + "': it does not influence the loss");
            }
            if (grad.length() != mo.length()) {
                throw new IllegalArgumentException("gradient of '" + mo.name() + "' has " + grad.length()
                        + " values, the parameter " + mo.length());
            }
            slots.add(new AdamSlot(mo.name(), sd.getVariable(mo.name()).getArr(), grad, mo.m(), mo.v()));
        }
        if (weightDecay > 0) {
            double shrink = 1 - learningRate * weightDecay;
            if (!(shrink > 0)) {
                throw new IllegalStateException("learning rate " + learningRate + " times weight decay " + weightDecay
                        + " is not below 1");
            }
            for (String name : decayed) {
                sd.getVariable(name).getArr().muli(shrink);
            }
        }
        double t = iteration + 1;
        double stepSize = learningRate * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
        engine.adam(slots, new AdamUpdate(BETA1, BETA2, EPSILON, stepSize), rowOwned);
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
        return step(feed, List.of(objective)).get(objective);
    }

    /**
     * One step on the graph's loss at {@code feed}, returning the scalar {@code outputs} before the step. When
     * any of them is NaN or infinite no step is taken, so the parameters stay as they were; the caller reports it.
     *
     * @return output name to value, in the order of {@code outputs}
     */
    public Map<String, Double> step(Map<String, INDArray> feed, List<String> outputs) {
        GradientPass pass = passFor(feed, outputs);
        feed.forEach((name, array) -> pass.placeholder(name).assign(array));
        pass.run();
        Map<String, Double> values = new LinkedHashMap<>();
        outputs.forEach(o -> values.put(o, pass.output(o).getDouble(0)));
        if (values.values().stream().allMatch(Double::isFinite)) {
            stepInPlace(pass.gradients(), pass.rowOwned());
        }
        return values;
    }

    private GradientPass passFor(Map<String, INDArray> feed, List<String> outputs) {
        String key = ForwardPass.key(outputs, feed);
        GradientPass pass = passes.get(key);
        if (pass == null || !pass.parametersInPlace()) {
            List<String> names = moments.stream().map(Moments::name).toList();
            pass = engine.gradientPass(sd, feed, outputs, names, fusible);
            passes.put(key, pass);
        }
        return pass;
    }

    /** The passes built so far, one per feed shape (a benchmark profiles them). */
    public List<GradientPass> passes() {
        return List.copyOf(passes.values());
    }

    /** The engine that runs the steps. */
    public Engine engine() {
        return engine;
    }

    public long iteration() {
        return iteration;
    }

    /** The moments as arrays [1, 2n] holding m then v, keyed by parameter name (copies). */
    public Map<String, INDArray> state() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Moments mo : moments) {
            long n = mo.length();
            out.put(mo.name(), Nd4j.concat(1, mo.m().reshape(1, n), mo.v().reshape(1, n)));
        }
        return out;
    }

    /** Restores moments and step count saved from an optimizer over the same parameters. */
    public void restore(Map<String, INDArray> state, long iteration) {
        List<String> names = moments.stream().map(Moments::name).toList();
        if (!state.keySet().equals(new HashSet<>(names))) {
            throw new IllegalArgumentException("optimizer state is for parameters " + state.keySet()
                    + " but the model has " + names);
        }
        for (Moments mo : moments) {
            INDArray saved = state.get(mo.name());
            long n = mo.length();
            if (saved.length() != 2 * n) {
                throw new IllegalArgumentException("optimizer state for '" + mo.name() + "' has shape "
                        + Arrays.toString(saved.shape()) + ", expected [1, " + 2 * n + "]");
            }
            INDArray all = saved.reshape(2 * n).castTo(mo.m().dataType());
            mo.m().assign(all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n)).reshape(mo.m().shape()));
            mo.v().assign(all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(n, 2 * n)).reshape(mo.v().shape()));
        }
        this.iteration = iteration;
    }
}
