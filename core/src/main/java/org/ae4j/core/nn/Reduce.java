package org.ae4j.core.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Reductions over the last dimension that survive SameDiff M2.1's bug: reducing over a dimension of
 * size 1 throws a NullPointerException inside the executor, so a size-1 dimension is squeezed instead.
 */
public final class Reduce {
    private Reduce() {
    }

    /** Sum over the last dimension, whose size {@code size} is known when the graph is built. */
    public static SDVariable sumLast(SDVariable v, long size) {
        return size == 1 ? v.getSameDiff().squeeze(v, -1) : v.sum(-1);
    }

    /** Mean over the last dimension, whose size {@code size} is known when the graph is built. */
    public static SDVariable meanLast(SDVariable v, long size) {
        return size == 1 ? v.getSameDiff().squeeze(v, -1) : v.mean(-1);
    }
}
