package org.ae4j.core.random;

import java.util.Arrays;

/**
 * The run's seeded random number generator: xoshiro256** (Blackman &amp; Vigna 2018) seeded through
 * SplitMix64. Its whole state is four longs, so a checkpoint can store it and a resumed run draws
 * exactly the numbers the uninterrupted run would have drawn. Not thread-safe: one per loop.
 */
public final class Rng {
    private long s0, s1, s2, s3;

    private Rng(long s0, long s1, long s2, long s3) {
        if ((s0 | s1 | s2 | s3) == 0) {
            throw new IllegalArgumentException("xoshiro256** state must not be all zero");
        }
        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
    }

    /** A generator whose stream depends only on {@code seed}. */
    public static Rng seeded(long seed) {
        long[] x = {seed};
        return new Rng(splitMix64(x), splitMix64(x), splitMix64(x), splitMix64(x));
    }

    /**
     * A generator for one purpose of a run ("init", "trainer", ...): streams of the same seed with
     * different names are independent, so initial weights never reuse the numbers that shuffle the data.
     */
    public static Rng seeded(long seed, String stream) {
        long h = 0xCBF29CE484222325L; // FNV-1a over the name, then mixed with the seed
        for (int i = 0; i < stream.length(); i++) {
            h = (h ^ stream.charAt(i)) * 0x100000001B3L;
        }
        long[] x = {seed ^ h};
        splitMix64(x);
        return seeded(x[0]);
    }

    /** Restores a generator from {@link #state()}. */
    public static Rng fromState(long[] state) {
        if (state == null || state.length != 4) {
            throw new IllegalArgumentException("Rng state must be 4 longs, got "
                    + (state == null ? "null" : state.length));
        }
        return new Rng(state[0], state[1], state[2], state[3]);
    }

    /** A copy of the current state, for checkpoints. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    /** An independent child generator; advances this one by one draw. */
    public Rng split() {
        return seeded(nextLong());
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform integer in [0, bound), without modulo bias (Lemire's method). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal by Box-Muller; no cached spare, so the state stays four longs. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // in (0, 1], keeps log finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Fills {@code out} with independent standard normals. */
    public void fillGaussian(float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) nextGaussian();
        }
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static long splitMix64(long[] x) {
        long z = (x[0] += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "Rng" + Arrays.toString(state());
    }
}
