package org.ae4j.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ae4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CorruptionTest {
    private static final int ROWS = 400;
    private static final int COLS = 500; // 200,000 elements: fractions to about ±0.003 (3 standard errors)

    /** Grey levels spread over [0.2, 0.8], so masking (to 0) and salt/pepper (to 0/1) change every hit. */
    private static INDArray data() {
        Rng rng = Rng.seeded(17);
        float[] v = new float[ROWS * COLS];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.2f + 0.6f * rng.nextFloat();
        }
        return Nd4j.create(v, new long[] {ROWS, COLS}, 'c');
    }

    private static double[] values(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    @Test
    void additiveGaussianHasMeanZeroAndVarianceSigmaSquared() {
        INDArray x = data();
        double[] clean = values(x);
        double[] noisy = values(new Corruption.AdditiveGaussian(0.3).apply(x, Rng.seeded(1)));
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < clean.length; i++) {
            double d = noisy[i] - clean[i];
            sum += d;
            sumSq += d * d;
        }
        double mean = sum / clean.length;
        double variance = sumSq / clean.length - mean * mean;
        // Standard errors: 0.3/sqrt(2e5) = 6.7e-4 for the mean, 0.09*sqrt(2/2e5) = 2.8e-4 for the variance.
        assertEquals(0.0, mean, 0.003);
        assertEquals(0.09, variance, 0.0015);
    }

    /**
     * The fractions of the elements that {@code c} set to 0 (masked, or pepper) and to 1 (salt), drawing from a
     * generator seeded {@code seed}; every other element must be unchanged.
     */
    private record Changed(double toZero, double toOne) {
        static Changed by(Corruption c, long seed) {
            INDArray x = data();
            double[] clean = values(x);
            double[] noisy = values(c.apply(x, Rng.seeded(seed)));
            int zeroes = 0;
            int ones = 0;
            for (int i = 0; i < clean.length; i++) {
                if (noisy[i] == 0) {
                    zeroes++;
                } else if (noisy[i] == 1) {
                    ones++;
                } else {
                    assertEquals(clean[i], noisy[i], 0.0, c.describe() + ": a kept element changed");
                }
            }
            return new Changed(zeroes / (double) clean.length, ones / (double) clean.length);
        }
    }

    @Test
    void maskingZeroesTheRequestedFractionAndKeepsTheRest() {
        Changed changed = Changed.by(new Corruption.Masking(0.25), 2);
        assertEquals(0.25, changed.toZero(), 0.003);
        assertEquals(0.0, changed.toOne(), "masking only sets elements to 0");
    }

    @Test
    void saltAndPepperSetsTheFractionToLowOrHighInEqualShares() {
        Changed changed = Changed.by(new Corruption.SaltAndPepper(0.3), 3);
        assertEquals(0.30, changed.toZero() + changed.toOne(), 0.003);
        assertEquals(0.15, changed.toZero(), 0.003);
        assertEquals(0.15, changed.toOne(), 0.003);
    }

    @Test
    void theSameGeneratorStateGivesTheSameCorruptionAndTheInputIsUntouched() {
        INDArray x = data().getRows(0, 1, 2);
        INDArray before = x.dup();
        for (Corruption c : List.of(new Corruption.AdditiveGaussian(0.5), new Corruption.Masking(0.5),
                new Corruption.SaltAndPepper(0.5))) {
            Rng rng = Rng.seeded(8);
            INDArray first = c.apply(x, rng);
            INDArray second = c.apply(x, rng);
            assertEquals(first, c.apply(x, Rng.seeded(8)), c.describe());
            assertNotEquals(first, second, c.describe() + " must be fresh on every draw");
            assertEquals(DataType.FLOAT, first.dataType());
            assertArrayEquals(x.shape(), first.shape());
        }
        assertEquals(before, x);
    }

    @Test
    void asNoiseFeedsTheCorruptedBatchToItsPlaceholder() {
        Corruption c = new Corruption.Masking(1.0);
        Noise noise = c.asNoise("x_corrupted");
        assertEquals("x_corrupted", noise.placeholder());
        INDArray masked = noise.sample(data().getRows(0, 1), Rng.seeded(1));
        assertEquals(0.0, masked.sumNumber().doubleValue(), 0.0);
    }

    @Test
    void impossibleSettingsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Corruption.Masking(1.5));
        assertTrue(e.getMessage().contains("masking"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Corruption.AdditiveGaussian(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Corruption.AdditiveGaussian(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Corruption.SaltAndPepper(0.1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Corruption.SaltAndPepper(Double.NaN));
    }
}
