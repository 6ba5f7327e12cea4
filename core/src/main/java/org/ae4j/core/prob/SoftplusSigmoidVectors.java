package org.ae4j.core.prob;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SoftplusSigmoid#apply} with the Vector API; loaded only when the JVM has {@code jdk.incubator.vector}.
 */
final class SoftplusSigmoidVectors {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Vectors summed in float lanes before the partial sum moves to double. */
    private static final int BLOCK = 64;

    private SoftplusSigmoidVectors() {
    }

    static double apply(ByteBuffer logits, int from, int to, float scale) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int lanes = SPECIES.length();
        int end = from + SPECIES.loopBound(to - from);
        double sum = 0;
        FloatVector partial = zero;
        int inBlock = 0;
        for (int i = from; i < end; i += lanes) {
            FloatVector l = FloatVector.fromByteBuffer(SPECIES, logits, i * Float.BYTES, ORDER);
            FloatVector e = l.abs().neg().lanewise(VectorOperators.EXP);
            partial = partial.add(l.max(zero).add(e.lanewise(VectorOperators.LOG1P)));
            sigmoid(l, e, one, zero, scale).intoByteBuffer(logits, i * Float.BYTES, ORDER);
            if (++inBlock == BLOCK) {
                sum += partial.reduceLanes(VectorOperators.ADD);
                partial = zero;
                inBlock = 0;
            }
        }
        if (end < to) { // the last few, as one masked vector
            VectorMask<Float> m = SPECIES.indexInRange(end, to);
            FloatVector l = FloatVector.fromByteBuffer(SPECIES, logits, end * Float.BYTES, ORDER, m);
            FloatVector e = l.abs().neg().lanewise(VectorOperators.EXP);
            partial = partial.add(l.max(zero).add(e.lanewise(VectorOperators.LOG1P)), m);
            sigmoid(l, e, one, zero, scale).intoByteBuffer(logits, end * Float.BYTES, ORDER, m);
        }
        return sum + partial.reduceLanes(VectorOperators.ADD);
    }

    /** {@code scale · σ(l)} from {@code e = exp(−|l|)}. */
    private static FloatVector sigmoid(FloatVector l, FloatVector e, FloatVector one, FloatVector zero, float scale) {
        FloatVector inverse = one.div(one.add(e));
        return inverse.blend(e.mul(inverse), l.lt(zero)).mul(scale);
    }
}
