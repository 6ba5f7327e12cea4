package org.ae4j.core.prob;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ae4j.core.run.Backend;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Bernoulli cross-entropy from logits l, value and gradient in one pass over float buffers, for fused loss terms
 * ({@link org.ae4j.core.train.FusedTerm}) that replace a dozen separate passes of the graph's ops and their
 * backward. Stable for any l: with {@code e = exp(−|l|)}, {@code softplus(l) = max(l, 0) + log1p(e)} and
 * {@code σ(l) = 1/(1 + e)} for l ≥ 0, {@code e/(1 + e)} otherwise.
 *
 * <p>Vectorized through the JDK's Vector API ({@code EXP} and {@code LOG1P} are SVML intrinsics on x86) when the
 * JVM runs with {@code --add-modules jdk.incubator.vector}, as {@code scripts/ae4j} and the tests do: about
 * 1.4 ns per logit on one core, ten times the scalar loop it falls back to otherwise.
 */
public final class BernoulliKernels {
    private static final boolean VECTORIZED = Backend.vectorApi();

    private BernoulliKernels() {
    }

    /** Whether the passes run vectorized; when not, ND4J's separate passes are faster than the scalar loops. */
    public static boolean vectorized() {
        return VECTORIZED;
    }

    /**
     * Whether a model in {@code type} should use fused terms built on these passes: FLOAT, vectorized, and arrays
     * in host memory (the CPU backend).
     */
    public static boolean fusable(DataType type) {
        return type == DataType.FLOAT && VECTORIZED && Backend.hostBlas();
    }

    /**
     * Over elements {@code [from, to)} of {@code logits}: returns {@code Σ softplus(l)} and overwrites each l with
     * {@code scale · σ(l)} (the cross-entropy with target 0 and its gradient).
     *
     * @param logits native-order float buffer
     * @return the sum, accumulated in double
     */
    public static double softplusSigmoid(ByteBuffer logits, int from, int to, float scale) {
        check(logits, from, to - from);
        return VECTORIZED ? BernoulliVectors.softplusSigmoid(logits, from, to, scale)
                : scalarSoftplusSigmoid(logits, from, to, scale);
    }

    /**
     * Over {@code length} elements: returns {@code Σ [softplus(l) − x l]} (−log p(x | l) for x in [0, 1]) and writes
     * {@code scale · (σ(l) − x)} into {@code gradient}; logits and targets are only read.
     *
     * @return the sum, accumulated in double
     */
    public static double crossEntropy(ByteBuffer logits, int logitsAt, ByteBuffer targets, int targetsAt,
                                      ByteBuffer gradient, int gradientAt, int length, float scale) {
        check(logits, logitsAt, length);
        check(targets, targetsAt, length);
        check(gradient, gradientAt, length);
        return VECTORIZED
                ? BernoulliVectors.crossEntropy(logits, logitsAt, targets, targetsAt, gradient, gradientAt, length, scale)
                : scalarCrossEntropy(logits, logitsAt, targets, targetsAt, gradient, gradientAt, length, scale);
    }

    private static void check(ByteBuffer b, int at, int length) {
        if (b.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("buffers must be in native byte order, got " + b.order());
        }
        if (at < 0 || length < 0 || (long) (at + length) * Float.BYTES > b.capacity()) {
            throw new IndexOutOfBoundsException("run [" + at + ", " + ((long) at + length) + ") outside a buffer of "
                    + b.capacity() / Float.BYTES + " floats");
        }
    }

    /** {@link #softplusSigmoid} one element at a time: the fallback without the Vector API. */
    static double scalarSoftplusSigmoid(ByteBuffer logits, int from, int to, float scale) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            float l = logits.getFloat(i * Float.BYTES);
            float e = (float) Math.exp(-Math.abs(l));
            sum += Math.max(l, 0f) + (float) Math.log1p(e);
            logits.putFloat(i * Float.BYTES, scale * sigmoid(l, e));
        }
        return sum;
    }

    /** {@link #crossEntropy} one element at a time: the fallback without the Vector API. */
    static double scalarCrossEntropy(ByteBuffer logits, int logitsAt, ByteBuffer targets, int targetsAt,
                                     ByteBuffer gradient, int gradientAt, int length, float scale) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            float l = logits.getFloat((logitsAt + i) * Float.BYTES);
            float x = targets.getFloat((targetsAt + i) * Float.BYTES);
            float e = (float) Math.exp(-Math.abs(l));
            sum += Math.max(l, 0f) + (float) Math.log1p(e) - x * l;
            gradient.putFloat((gradientAt + i) * Float.BYTES, scale * (sigmoid(l, e) - x));
        }
        return sum;
    }

    private static float sigmoid(float l, float e) {
        float inverse = 1f / (1f + e);
        return l >= 0 ? inverse : e * inverse;
    }
}
