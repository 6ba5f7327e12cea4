package org.ae4j.core.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link ReluBackward}'s pass with the Vector API; loaded only when the JVM has {@code jdk.incubator.vector}. */
final class ReluVectors {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final FloatVector ZERO = FloatVector.zero(SPECIES);

    private ReluVectors() {
    }

    /** dx = dy where x > 0, else 0, over elements [from, to). */
    static void backward(ByteBuffer x, ByteBuffer dy, ByteBuffer dx, int from, int to) {
        int end = from + SPECIES.loopBound(to - from);
        for (int i = from; i < end; i += SPECIES.length()) {
            FloatVector xv = FloatVector.fromByteBuffer(SPECIES, x, i * Float.BYTES, ORDER);
            FloatVector g = FloatVector.fromByteBuffer(SPECIES, dy, i * Float.BYTES, ORDER);
            ZERO.blend(g, xv.compare(VectorOperators.GT, 0f)).intoByteBuffer(dx, i * Float.BYTES, ORDER);
        }
        for (int i = end; i < to; i++) {
            dx.putFloat(i * Float.BYTES, x.getFloat(i * Float.BYTES) > 0 ? dy.getFloat(i * Float.BYTES) : 0f);
        }
    }
}
