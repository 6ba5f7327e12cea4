package org.ae4j.core.engine.host;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A scalar term of a graph's loss that a {@link CompiledStep} computes by Java code instead of the graph's own
 * ops: its value from one input variable, then the input's gradient. The graph keeps the term's ops as its
 * definition (SameDiff's executor, gradient checks and evaluation use them); the compiled step runs this in
 * their place and checks it against them on its first run. For terms whose ops are many memory-bound passes
 * over a large intermediate, such as a loss over all N² logits of an inner-product decoder.
 *
 * <p>Besides {@link #input()}, the term's ops may read only values that no parameter influences (constants,
 * placeholders and what ops compute from them), and no other op on the loss's path may read what they compute
 * except {@link #output()}: {@link CompiledStep#compile} refuses a graph where that is not so, since the input's
 * gradient would then miss a part.
 */
public interface FusedTerm {
    /** The variable the term is computed from. */
    String input();

    /** The scalar variable the term's ops compute. */
    String output();

    /**
     * Other variables whose values {@link #forward} receives, such as the data a likelihood scores; no parameter
     * may influence them.
     */
    default List<String> reads() {
        return List.of();
    }

    /**
     * The term's value at {@code input}; may keep what {@link #backward} needs.
     *
     * @param reads the values of {@link #reads()}, in that order
     */
    double forward(INDArray input, List<INDArray> reads);

    /**
     * Writes {@code upstream · d term / d input} into {@code gradient} (shaped as the input), for the input of the
     * last {@link #forward}.
     */
    void backward(double upstream, INDArray gradient);
}
