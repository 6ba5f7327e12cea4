package org.ae4j.core.engine.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link BernoulliKernels}' passes with the Vector API; loaded only when the JVM has {@code jdk.incubator.vector}. */
final class BernoulliVectors {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final FloatVector ONE = FloatVector.broadcast(SPECIES, 1f);
    private static final float[] IOTA = new float[SPECIES.length()];
    /** Vectors summed in float lanes before the partial sum moves to double. */
    private static final int BLOCK = 64;

    static {
        for (int i = 0; i < IOTA.length; i++) {
            IOTA[i] = i;
        }
    }

    private BernoulliVectors() {
    }

    static double softplusSigmoid(ByteBuffer logits, int from, int to, float scale) {
        int lanes = SPECIES.length();
        if (to - from < lanes) {
            return BernoulliKernels.scalarSoftplusSigmoid(logits, from, to, scale);
        }
        int end = from + SPECIES.loopBound(to - from);
        // With a tail, the loop leaves its last vector to be done together with the last whole vector, which
        // overlaps it: both are read before either is overwritten. (A vector read before the loop and kept across
        // it was allocated as an object.)
        int loopEnd = end < to ? end - lanes : end;
        double sum = 0;
        for (int block = from; block < loopEnd; block += BLOCK * lanes) {
            FloatVector partial = zero();
            for (int i = block; i < Math.min(loopEnd, block + BLOCK * lanes); i += lanes) {
                FloatVector l = FloatVector.fromByteBuffer(SPECIES, logits, i * Float.BYTES, ORDER);
                FloatVector e = exp(l.abs().neg());
                partial = partial.add(softplus(l, e));
                sigmoid(l, e).mul(scale).intoByteBuffer(logits, i * Float.BYTES, ORDER);
            }
            sum += sumLanes(partial);
        }
        if (end < to) {
            int last = to - lanes;
            FloatVector l = FloatVector.fromByteBuffer(SPECIES, logits, loopEnd * Float.BYTES, ORDER);
            FloatVector lastL = FloatVector.fromByteBuffer(SPECIES, logits, last * Float.BYTES, ORDER);
            FloatVector e = exp(l.abs().neg());
            FloatVector lastE = exp(lastL.abs().neg());
            VectorMask<Float> shared = iota().lt((float) (end - last)); // lanes the loop's vector also holds
            sum += sumLanes(softplus(l, e).add(softplus(lastL, lastE).blend(zero(), shared)));
            sigmoid(l, e).mul(scale).intoByteBuffer(logits, loopEnd * Float.BYTES, ORDER);
            // its lanes before end get the values just written there again
            sigmoid(lastL, lastE).mul(scale).intoByteBuffer(logits, last * Float.BYTES, ORDER);
        }
        return sum;
    }

    static double crossEntropy(ByteBuffer logits, int logitsAt, ByteBuffer targets, int targetsAt, ByteBuffer gradient,
                               int gradientAt, int length, float scale) {
        int lanes = SPECIES.length();
        if (length < lanes) {
            return BernoulliKernels.scalarCrossEntropy(logits, logitsAt, targets, targetsAt, gradient, gradientAt,
                    length, scale);
        }
        int end = SPECIES.loopBound(length);
        double sum = 0;
        for (int block = 0; block < end; block += BLOCK * lanes) {
            FloatVector partial = zero();
            for (int i = block; i < Math.min(end, block + BLOCK * lanes); i += lanes) {
                partial = partial.add(crossEntropy(logits, logitsAt + i, targets, targetsAt + i, gradient,
                        gradientAt + i, scale));
            }
            sum += sumLanes(partial);
        }
        if (end < length) { // the last whole vector, overlapping the loop's last: that part of the gradient is rewritten
            int last = length - lanes;
            FloatVector terms = crossEntropy(logits, logitsAt + last, targets, targetsAt + last, gradient,
                    gradientAt + last, scale);
            VectorMask<Float> shared = iota().lt((float) (end - last));
            sum += sumLanes(terms.blend(zero(), shared));
        }
        return sum;
    }

    /** One vector of {@link #crossEntropy} at the given offsets: writes its gradient, returns its terms. */
    private static FloatVector crossEntropy(ByteBuffer logits, int logitsAt, ByteBuffer targets, int targetsAt,
                                            ByteBuffer gradient, int gradientAt, float scale) {
        FloatVector l = FloatVector.fromByteBuffer(SPECIES, logits, logitsAt * Float.BYTES, ORDER);
        FloatVector x = FloatVector.fromByteBuffer(SPECIES, targets, targetsAt * Float.BYTES, ORDER);
        FloatVector e = exp(l.abs().neg());
        sigmoid(l, e).sub(x).mul(scale).intoByteBuffer(gradient, gradientAt * Float.BYTES, ORDER);
        return softplus(l, e).sub(x.mul(l));
    }

    /**
     * 0, 1, 2, ... in the lanes, to mark the lanes a tail's last whole vector shares with the loop's last vector.
     * Tails are whole vectors that overlap the loop's, not masked loads and stores: JDK 17 does not compile masked
     * access to a ByteBuffer, which allocated 1.3 MB per VGAE epoch on Cora. The mask is made where it is used: a
     * method returning it was compiled on its own and allocated it, 48 bytes per row.
     */
    private static FloatVector iota() {
        return FloatVector.fromArray(SPECIES, IOTA, 0);
    }

    /**
     * A zero vector made in place. A loop's running sum must not start from a {@code static final} vector: C2 then
     * keeps the sum as an object and allocates a new one every iteration (602 KB of garbage and 260 instead of
     * 165 µs per [128, 784] batch of {@link #crossEntropy}, measured on JDK 17).
     */
    private static FloatVector zero() {
        return FloatVector.zero(SPECIES);
    }

    /** softplus(l) from {@code e = exp(−|l|)}. */
    private static FloatVector softplus(FloatVector l, FloatVector e) {
        return l.max(0f).add(log1p(e));
    }

    /** {@link BernoulliKernels#exp} lane by lane, operation for operation: the same bits in every lane. */
    private static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(BernoulliKernels.EXP_FLOOR);
        FloatVector t = c.mul(BernoulliKernels.LOG2E).add(BernoulliKernels.ROUNDER);
        FloatVector k = t.sub(BernoulliKernels.ROUNDER);
        FloatVector r = c.sub(k.mul(BernoulliKernels.LN2_HI)).sub(k.mul(BernoulliKernels.LN2_LO));
        FloatVector r2 = r.mul(r);
        FloatVector y = r.mul(BernoulliKernels.P0).add(BernoulliKernels.P1).mul(r).add(BernoulliKernels.P2).mul(r)
                .add(BernoulliKernels.P3).mul(r).add(BernoulliKernels.P4).mul(r).add(BernoulliKernels.P5).mul(r2)
                .add(r).add(1f);
        IntVector bits = t.reinterpretAsInts();
        FloatVector scale = bits.sub(BernoulliKernels.ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return y.mul(scale);
    }

    /** {@link BernoulliKernels#log1p} lane by lane, operation for operation. */
    private static FloatVector log1p(FloatVector e) {
        FloatVector s = e.div(e.add(2f));
        FloatVector s2 = s.mul(s);
        FloatVector series = s2.mul(1f / 13).add(1f / 11).mul(s2).add(1f / 9).mul(s2).add(1f / 7).mul(s2).add(1f / 5)
                .mul(s2).add(1f / 3).mul(s2).add(1f);
        return s.mul(2f).mul(series);
    }

    /**
     * The lanes added one after another in lane order, in double: the API leaves the order of {@code reduceLanes}
     * to the implementation (JDK 17's C2 and interpreter agree on this machine, which the fingerprint test checks
     * for these passes; a fixed order does not depend on it).
     */
    private static double sumLanes(FloatVector v) {
        double sum = 0;
        for (int i = 0; i < SPECIES.length(); i++) {
            sum += v.lane(i);
        }
        return sum;
    }

    /** σ(l) from {@code e = exp(−|l|)}. */
    private static FloatVector sigmoid(FloatVector l, FloatVector e) {
        FloatVector inverse = ONE.div(ONE.add(e));
        return inverse.blend(e.mul(inverse), l.lt(0f));
    }
}
