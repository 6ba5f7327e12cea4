package org.ae4j.core.nn;

import java.util.List;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Blocks applied one after another, each under its own scope ("scope_0", "scope_1", ...): e.g. a convolutional
 * decoder, a dense layer from the code to C·h·w values, then transposed convolutions up to the image. Each block must
 * take what the one before it gives; a chain that does not fit is refused with the blocks named.
 *
 * @param blocks at least one
 */
public record Chain(List<Block> blocks) implements Block {
    public Chain {
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a chain needs a block");
        }
        for (int i = 1; i < blocks.size(); i++) {
            if (blocks.get(i).inputSize() != blocks.get(i - 1).outputSize()) {
                throw new IllegalArgumentException("block " + i + " takes " + blocks.get(i).inputSize()
                        + " values but block " + (i - 1) + " gives " + blocks.get(i - 1).outputSize());
            }
        }
    }

    /** The chain of {@code blocks}. */
    public static Chain of(Block... blocks) {
        return new Chain(List.of(blocks));
    }

    @Override
    public int inputSize() {
        return blocks.get(0).inputSize();
    }

    @Override
    public int outputSize() {
        return blocks.get(blocks.size() - 1).outputSize();
    }

    @Override
    public SDVariable apply(SameDiff sd, String scope, SDVariable x, Rng rng) {
        SDVariable h = x;
        for (int i = 0; i < blocks.size(); i++) {
            h = blocks.get(i).apply(sd, scope + "_" + i, h, rng);
        }
        return h;
    }
}
