package org.ae4j.core.engine.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Prints a hash of {@link BernoulliKernels}' sums and written values on fixed inputs, first on the passes' first
 * calls (interpreted) and again after {@code args[0]} more calls (by then compiled by C1 and C2), for
 * {@link BernoulliKernelsTest} to compare with each other and with a JVM that only interprets ({@code -Xint}).
 */
public final class KernelFingerprint {
    private KernelFingerprint() {
    }

    public static void main(String[] args) {
        System.out.println("first " + fingerprint());
        String last = null;
        for (int i = 0; i < Integer.parseInt(args[0]); i++) {
            last = fingerprint();
        }
        System.out.println("last " + last);
    }

    static String fingerprint() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 3 * 784 + 13; // whole vectors, blocks of 64 vectors and a tail
        ByteBuffer logits = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder());
        ByteBuffer targets = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder());
        ByteBuffer gradient = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder());
        for (int i = 0; i < n; i++) {
            logits.putFloat(i * Float.BYTES, (float) ((random.nextDouble() - 0.5) * (i % 5 == 0 ? 200 : 12)));
            targets.putFloat(i * Float.BYTES, i % 3 == 0 ? (float) random.nextDouble() : random.nextInt(2));
        }
        long hash = 17;
        for (int run : new int[] {n, 784, 37, 5}) {
            hash = mix(hash, Double.doubleToRawLongBits(
                    BernoulliKernels.crossEntropy(logits, 0, targets, 0, gradient, 0, run, 0.125f)));
            for (int i = 0; i < run; i++) {
                hash = mix(hash, Float.floatToRawIntBits(gradient.getFloat(i * Float.BYTES)));
            }
        }
        for (int[] run : new int[][] {{0, n}, {3, 790}, {100, 107}}) {
            hash = mix(hash, Double.doubleToRawLongBits(BernoulliKernels.softplusSigmoid(logits, run[0], run[1], 2f)));
        }
        for (int i = 0; i < n; i++) {
            hash = mix(hash, Float.floatToRawIntBits(logits.getFloat(i * Float.BYTES)));
        }
        return (BernoulliKernels.vectorized() ? "vector " : "scalar ") + Long.toHexString(hash);
    }

    private static long mix(long hash, long value) {
        return (hash ^ value) * 0x100000001b3L + 0x9e3779b97f4a7c15L;
    }
}
