package org.ae4j.core.engine.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link HostEngine#adam}'s FLOAT update with the Vector API, on the off-heap buffers of the parameter, its
 * gradient and its moments themselves (copying to Java arrays and back took 5 instead of 2.5 ms on 2.8M
 * parameters). The same float operations in the same order as the scalar loop, so the results are identical;
 * loaded only when the JVM has {@code jdk.incubator.vector}.
 */
final class AdamVectors {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private AdamVectors() {
    }

    /** One step on the values [from, to): m, v and the parameter updated in their buffers. */
    static void step(ByteBuffer m, ByteBuffer v, ByteBuffer grad, ByteBuffer param, int from, int to, float b1, float b2,
                     float eps, float stepSize) {
        FloatVector beta1 = FloatVector.broadcast(SPECIES, b1);
        FloatVector beta2 = FloatVector.broadcast(SPECIES, b2);
        FloatVector rest1 = FloatVector.broadcast(SPECIES, 1 - b1);
        FloatVector rest2 = FloatVector.broadcast(SPECIES, 1 - b2);
        int end = from + SPECIES.loopBound(to - from);
        for (int i = from; i < end; i += SPECIES.length()) {
            FloatVector g = FloatVector.fromByteBuffer(SPECIES, grad, i * Float.BYTES, ORDER);
            FloatVector mi = beta1.mul(FloatVector.fromByteBuffer(SPECIES, m, i * Float.BYTES, ORDER)).add(rest1.mul(g));
            FloatVector vi = beta2.mul(FloatVector.fromByteBuffer(SPECIES, v, i * Float.BYTES, ORDER))
                    .add(rest2.mul(g).mul(g));
            mi.intoByteBuffer(m, i * Float.BYTES, ORDER);
            vi.intoByteBuffer(v, i * Float.BYTES, ORDER);
            FloatVector p = FloatVector.fromByteBuffer(SPECIES, param, i * Float.BYTES, ORDER);
            p.sub(mi.mul(stepSize).div(vi.sqrt().add(eps))).intoByteBuffer(param, i * Float.BYTES, ORDER);
        }
        for (int i = end; i < to; i++) {
            float g = grad.getFloat(i * Float.BYTES);
            float mi = b1 * m.getFloat(i * Float.BYTES) + (1 - b1) * g;
            float vi = b2 * v.getFloat(i * Float.BYTES) + (1 - b2) * g * g;
            m.putFloat(i * Float.BYTES, mi);
            v.putFloat(i * Float.BYTES, vi);
            float p = param.getFloat(i * Float.BYTES);
            param.putFloat(i * Float.BYTES, p - stepSize * mi / ((float) Math.sqrt(vi) + eps));
        }
    }
}
