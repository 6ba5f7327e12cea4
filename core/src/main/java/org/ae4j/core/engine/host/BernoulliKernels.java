package org.ae4j.core.engine.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ae4j.core.engine.Backend;

/**
 * Bernoulli cross-entropy from logits l, value and gradient in one pass over float buffers, for fused loss terms
 * ({@link org.ae4j.core.engine.host.FusedTerm}) that replace a dozen separate passes of the graph's ops and their
 * backward. Stable for any l: with {@code e = exp(−|l|)}, {@code softplus(l) = max(l, 0) + log1p(e)} and
 * {@code σ(l) = 1/(1 + e)} for l ≥ 0, {@code e/(1 + e)} otherwise.
 *
 * <p>Vectorized through the JDK's Vector API when the JVM runs with {@code --add-modules jdk.incubator.vector}, as
 * {@code scripts/ae4j} and the tests do, with a scalar loop otherwise. Both compute exp and log1p with
 * {@link #exp} and {@link #log1p}: polynomials of IEEE additions, multiplications and divisions only, which
 * every JIT tier and the interpreter evaluate to the same bits. The Vector API's own {@code EXP} and
 * {@code LOG1P} are SVML intrinsics once C2 compiles a pass and {@code Math} calls before that, which differ in
 * the last bit: the same seed then gave different losses depending on when the JIT compiled the pass. For the
 * same reason the vector passes add their lanes in lane order, not with {@code reduceLanes}.
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
            float e = exp(-Math.abs(l));
            sum += Math.max(l, 0f) + log1p(e);
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
            float e = exp(-Math.abs(l));
            sum += Math.max(l, 0f) + log1p(e) - x * l;
            gradient.putFloat((gradientAt + i) * Float.BYTES, scale * (sigmoid(l, e) - x));
        }
        return sum;
    }

    private static float sigmoid(float l, float e) {
        float inverse = 1f / (1f + e);
        return l >= 0 ? inverse : e * inverse;
    }

    /** ln 2 split in two for the range reduction (Cody and Waite): {@code LN2_HI} has few bits, so k · LN2_HI is exact. */
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float LOG2E = 1.44269504088896341f;
    /** 1.5 · 2^23: adding it rounds a float of magnitude below 2^22 to an integer held in the low mantissa bits. */
    static final float ROUNDER = 12582912f;
    static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    /** Below this, exp is clamped to exp(−87) ≈ 1.6e−38 so that 2^k stays a normal float. */
    static final float EXP_FLOOR = -87f;
    /** Cephes' expf coefficients for exp(r) on [−ln 2 / 2, ln 2 / 2], within 2 ulp of e^r. */
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;

    /**
     * e^x for x ≤ 0 (the passes call it on −|l|): x = k ln 2 + r, e^r by a polynomial, times 2^k built from its
     * bits. Only IEEE float additions, multiplications and bit moves, so the interpreter, C1, C2 and the vector
     * pass ({@link BernoulliVectors}, which writes the same operations out per lane) give the same bits; within 3 ulp
     * of {@link Math#exp} above −87.
     */
    static float exp(float x) {
        float c = Math.max(x, EXP_FLOOR);
        float t = c * LOG2E + ROUNDER;
        float k = t - ROUNDER;
        float r = c - k * LN2_HI - k * LN2_LO;
        float r2 = r * r;
        float y = (((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5) * r2 + r + 1f;
        return y * Float.intBitsToFloat((Float.floatToRawIntBits(t) - ROUNDER_BITS + 127) << 23);
    }

    /**
     * log(1 + e) for e in [0, 1] as 2 atanh(s) with s = e / (2 + e) ≤ 1/3: 2s (1 + s²/3 + ... + s¹²/13), whose
     * truncation error is below 2e−8 relative; no cancellation for small e. Same operations as the vector form.
     */
    static float log1p(float e) {
        float s = e / (2f + e);
        float s2 = s * s;
        float series = ((((((s2 * (1f / 13) + 1f / 11) * s2 + 1f / 9) * s2 + 1f / 7) * s2 + 1f / 5) * s2 + 1f / 3) * s2 + 1f);
        return 2f * s * series;
    }
}
