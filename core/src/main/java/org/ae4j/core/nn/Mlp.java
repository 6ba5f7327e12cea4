package org.ae4j.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A multilayer perceptron {@code h_{l+1} = act(h_l W_l + b_l)} built from {@code mmul + add}.
 *
 * @param sizes  layer widths including input and output, e.g. [784, 256, 32]
 * @param hidden activation of every layer but the last
 * @param output activation of the last layer (IDENTITY for logits or a linear code)
 */
public record Mlp(List<Integer> sizes, Activation hidden, Activation output) implements Block {
    public Mlp {
        sizes = List.copyOf(sizes);
        if (sizes.size() < 2) {
            throw new IllegalArgumentException("an MLP needs at least input and output sizes, got " + sizes);
        }
        for (int s : sizes) {
            if (s <= 0) {
                throw new IllegalArgumentException("layer sizes must be positive, got " + sizes);
            }
        }
        if (hidden == null || output == null) {
            throw new IllegalArgumentException("activations must not be null");
        }
    }

    @Override
    public int inputSize() {
        return sizes.get(0);
    }

    @Override
    public int outputSize() {
        return sizes.get(sizes.size() - 1);
    }

    /** The same widths in reverse order: the mirrored decoder of an encoder. */
    public Mlp mirrored(Activation newHidden, Activation newOutput) {
        List<Integer> reversed = new ArrayList<>(sizes);
        Collections.reverse(reversed);
        return new Mlp(reversed, newHidden, newOutput);
    }

    /**
     * The mirrored decoder of {@code encoder} with a linear output of {@code paramsPerDimension} values
     * per input dimension (1 for logits or means; 2 for means and log-variances).
     */
    public static Mlp decoderFor(Mlp encoder, Activation hidden, int paramsPerDimension) {
        List<Integer> sizes = new ArrayList<>(encoder.mirrored(hidden, Activation.IDENTITY).sizes());
        sizes.set(sizes.size() - 1, paramsPerDimension * encoder.inputSize());
        return new Mlp(sizes, hidden, Activation.IDENTITY);
    }

    /**
     * Adds the layers to {@code sd} under name scope {@code scope} ("scope/w0", "scope/b0", ...),
     * with weights drawn from {@code rng} in the input's data type. Applied again with the same scope,
     * it reuses that scope's parameters (e.g. a decoder fed both sampled codes and given codes) and
     * draws nothing.
     *
     * @param x input, shape [B, sizes[0]]
     * @return output, shape [B, sizes[last]]
     */
    @Override
    public SDVariable apply(SameDiff sd, String scope, SDVariable x, Rng rng) {
        SDVariable h = x;
        // sd.var(name, array) ignores name scopes in M2.1, so parameters carry the scope in their names.
        try (var ignored = sd.withNameScope(scope)) {
            for (int l = 0; l + 1 < sizes.size(); l++) {
                boolean last = l + 2 == sizes.size();
                Activation act = last ? output : hidden;
                int fanIn = sizes.get(l);
                int fanOut = sizes.get(l + 1);
                SDVariable w = parameter(sd, scope + "/w" + l, fanIn, fanOut, () -> act.prefersHeInit()
                        ? Init.heNormal(rng, fanIn, fanOut, x.dataType())
                        : Init.glorotUniform(rng, fanIn, fanOut, x.dataType()));              // [in, out]
                SDVariable b = parameter(sd, scope + "/b" + l, 1, fanOut,
                        () -> Nd4j.zeros(x.dataType(), 1, fanOut));                            // [1, out]
                h = act.apply(sd, h.mmul(w).add(b));                                   // [B, out]
            }
        }
        return h;
    }

    /** The existing variable {@code name}, checked to be [rows, cols], or a new one from {@code init}. */
    private static SDVariable parameter(SameDiff sd, String name, long rows, long cols,
                                        Supplier<INDArray> init) {
        return Parameters.reuseOrCreate(sd, name, new long[] {rows, cols}, init);
    }
}
