package org.ae4j.core.engine.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BernoulliKernels}' passes with the Vector API; loaded only when the JVM has {@code jdk.incubator.vector}.
 *
 * <p>One loop computes both passes, and everything it does to a vector is written out in that loop: exp, log1p and
 * the sigmoid are {@link BernoulliKernels#exp}, {@link BernoulliKernels#log1p} and the scalar sigmoid operation for
 * operation, so that each lane gets the scalar code's bits, and not helper methods, because C2 compiles a helper
 * that takes or returns a vector on its own once it is large (past {@code InlineSmallCode}) and then boxes every
 * vector that crosses the call: 67 MB of garbage per VGAE epoch and a third slower, measured on JDK 17. The elements
 * past the last whole vector go through the scalar code, which gives them the same bits.
 */
final class BernoulliVectors {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Vectors summed in float lanes before the partial sum moves to double. */
    private static final int BLOCK = 64;
    /** Each thread's array for a partial sum's lanes (one per call was 200 KB of garbage per VGAE epoch). */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[SPECIES.length()]);

    private BernoulliVectors() {
    }

    static double softplusSigmoid(ByteBuffer logits, int from, int to, float scale) {
        return pass(logits, from, null, 0, logits, from, to - from, scale);
    }

    static double crossEntropy(ByteBuffer logits, int logitsAt, ByteBuffer targets, int targetsAt, ByteBuffer gradient,
                               int gradientAt, int length, float scale) {
        return pass(logits, logitsAt, targets, targetsAt, gradient, gradientAt, length, scale);
    }

    /**
     * Over {@code length} elements: Σ [softplus(l) − x l], and {@code scale · (σ(l) − x)} written to {@code out}; x is
     * 0 where {@code targets} is null. {@code out} may be {@code logits} at the same offset (each vector is read
     * before it is written).
     */
    private static double pass(ByteBuffer logits, int logitsAt, ByteBuffer targets, int targetsAt, ByteBuffer out,
                               int outAt, int length, float scale) {
        int lanes = SPECIES.length();
        int end = SPECIES.loopBound(length);
        float[] partialLanes = LANES.get();
        double sum = 0;
        for (int block = 0; block < end; block += BLOCK * lanes) {
            FloatVector partial = FloatVector.zero(SPECIES);
            for (int i = block; i < Math.min(end, block + BLOCK * lanes); i += lanes) {
                FloatVector l = FloatVector.fromByteBuffer(SPECIES, logits, (logitsAt + i) * Float.BYTES, ORDER);
                // e = exp(−|l|): BernoulliKernels.exp
                FloatVector c = l.abs().neg().max(BernoulliKernels.EXP_FLOOR);
                FloatVector t = c.mul(BernoulliKernels.LOG2E).add(BernoulliKernels.ROUNDER);
                FloatVector k = t.sub(BernoulliKernels.ROUNDER);
                FloatVector r = c.sub(k.mul(BernoulliKernels.LN2_HI)).sub(k.mul(BernoulliKernels.LN2_LO));
                FloatVector r2 = r.mul(r);
                FloatVector y = r.mul(BernoulliKernels.P0).add(BernoulliKernels.P1).mul(r).add(BernoulliKernels.P2)
                        .mul(r).add(BernoulliKernels.P3).mul(r).add(BernoulliKernels.P4).mul(r)
                        .add(BernoulliKernels.P5).mul(r2).add(r).add(1f);
                IntVector bits = t.reinterpretAsInts();
                FloatVector e = y.mul(bits.sub(BernoulliKernels.ROUNDER_BITS - 127)
                        .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
                // log1p(e): BernoulliKernels.log1p
                FloatVector s = e.div(e.add(2f));
                FloatVector s2 = s.mul(s);
                FloatVector series = s2.mul(1f / 13).add(1f / 11).mul(s2).add(1f / 9).mul(s2).add(1f / 7).mul(s2)
                        .add(1f / 5).mul(s2).add(1f / 3).mul(s2).add(1f);
                FloatVector term = l.max(0f).add(s.mul(2f).mul(series));
                // σ(l) = 1/(1 + e) for l ≥ 0, e/(1 + e) otherwise
                FloatVector inverse = FloatVector.broadcast(SPECIES, 1f).div(e.add(1f));
                FloatVector gradient = inverse.blend(e.mul(inverse), l.lt(0f));
                if (targets != null) {
                    FloatVector x = FloatVector.fromByteBuffer(SPECIES, targets, (targetsAt + i) * Float.BYTES, ORDER);
                    term = term.sub(x.mul(l));
                    gradient = gradient.sub(x);
                }
                partial = partial.add(term);
                gradient.mul(scale).intoByteBuffer(out, (outAt + i) * Float.BYTES, ORDER);
            }
            partial.intoArray(partialLanes, 0);
            for (float p : partialLanes) { // in lane order: the API leaves reduceLanes' order open
                sum += p;
            }
        }
        if (end < length) {
            sum += targets == null
                    ? BernoulliKernels.scalarSoftplusSigmoid(logits, logitsAt + end, logitsAt + length, scale)
                    : BernoulliKernels.scalarCrossEntropy(logits, logitsAt + end, targets, targetsAt + end, out,
                    outAt + end, length - end, scale);
        }
        return sum;
    }
}
