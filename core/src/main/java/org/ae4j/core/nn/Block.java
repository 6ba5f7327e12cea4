package org.ae4j.core.nn;

import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A differentiable map from rows [B, inputSize] to rows [B, outputSize] whose parameters live under a name scope:
 * the encoders and decoders models are composed of. An {@link Mlp} is one; a convolutional block reads its rows as
 * images [B, C·H·W] and checks its shapes when it is built.
 */
public interface Block {
    int inputSize();

    int outputSize();

    /**
     * Adds the block to {@code sd} under {@code scope}, its parameters drawn from {@code rng} in {@code x}'s type;
     * applied again under the same scope it reuses them (a decoder fed sampled and given codes) and draws nothing.
     *
     * @param x [B, inputSize]
     * @return [B, outputSize]
     */
    SDVariable apply(SameDiff sd, String scope, SDVariable x, Rng rng);
}
