package org.ae4j.core.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.loss.FusibleTerm;
import org.ae4j.core.loss.LossTerms;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything the {@link org.ae4j.core.train.Trainer} needs to know about a model: its graph, the placeholder that
 * takes a batch of examples [B, D], its loss terms, the noise it draws each step, and the loss terms its training
 * steps may compute by fused kernels ({@link FusibleTerm}: declared by the model, fused or not by the engine).
 */
public record TrainGraph(SameDiff sd, String input, LossTerms loss, List<Noise> noise, List<FusibleTerm> fusible) {
    public TrainGraph {
        if (sd == null || loss == null) {
            throw new IllegalArgumentException("a train graph needs a SameDiff and a loss");
        }
        if (!sd.hasVariable(input) || !sd.getVariable(input).isPlaceHolder()) {
            throw new IllegalArgumentException("input '" + input + "' is not a placeholder of the graph");
        }
        noise = List.copyOf(noise);
        fusible = List.copyOf(fusible);
        for (Noise n : noise) {
            if (!sd.hasVariable(n.placeholder()) || !sd.getVariable(n.placeholder()).isPlaceHolder()) {
                throw new IllegalArgumentException("noise placeholder '" + n.placeholder() + "' is not in the graph");
            }
        }
    }

    /** A graph whose training runs its loss's own ops throughout. */
    public TrainGraph(SameDiff sd, String input, LossTerms loss, List<Noise> noise) {
        this(sd, input, loss, noise, List.of());
    }

    /**
     * The feed of one step: the batch {@code x} [B, D] under {@link #input} and a draw of each noise from {@code rng};
     * a noise may replace the batch itself (dynamic binarization), so the caller frees {@code x} separately.
     */
    public Map<String, INDArray> feed(INDArray x, Rng rng) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(input, x);
        drawNoise(feed, rng);
        return feed;
    }

    /**
     * Puts a draw of each noise into {@code feed}, which holds the {@link #input} the draws are shaped by (a noise fed
     * to the input itself replaces it); returns the draws, for the caller to free.
     */
    public List<INDArray> drawNoise(Map<String, INDArray> feed, Rng rng) {
        if (noise.isEmpty()) {
            return List.of();
        }
        INDArray x = feed.get(input);
        if (x == null) {
            throw new IllegalArgumentException("the feed has no array for the input '" + input + "'");
        }
        List<INDArray> drawn = new ArrayList<>();
        for (Noise n : noise) {
            INDArray draw = n.sample(x, rng);
            feed.put(n.placeholder(), draw);
            drawn.add(draw);
        }
        return drawn;
    }

    /** Names of the trainable variables, in graph order. */
    public List<String> parameterNames() {
        return parameterNames(sd);
    }

    /**
     * The parameters weight decay shrinks: those with more than one row (the weight matrices [in, out]), not the
     * biases [1, out] or scalars.
     */
    public List<String> decayedParameterNames() {
        return parameterNames().stream().filter(name -> {
            long[] shape = sd.getVariable(name).getArr().shape();
            return shape.length >= 2 && shape[0] > 1;
        }).toList();
    }

    /** Names of the trainable variables of any graph, in graph order. */
    public static List<String> parameterNames(SameDiff sd) {
        List<String> names = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                names.add(v.name());
            }
        }
        return names;
    }

    /** Graph variable names of the loss terms, in the order of {@link LossTerms#terms()}. */
    public List<String> termVariables() {
        return loss.variableNames();
    }
}
