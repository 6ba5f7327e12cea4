package org.ae4j.core.model;

import org.ae4j.core.data.HostArrays;
import org.ae4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A corruption process q(x̃ | x) for denoising auto-encoders (Vincent et al. 2008, 2010, Sec. 4.2).
 * Each element is corrupted independently with numbers from the run's seeded {@link Rng}, drawn in
 * row-major order, so the same generator state gives the same corrupted batch.
 */
public sealed interface Corruption {

    /** A short name for metric keys and file names: "gaussian", "masking", "salt_and_pepper". */
    String key();

    /** The noise level: σ for Gaussian noise, the fraction of corrupted elements otherwise. */
    double level();

    /** The noise level in words, e.g. "Gaussian σ=0.5", for figure captions. */
    String describe();

    /** The corrupted value of one element {@code v}, drawing what it needs from {@code rng}. */
    double corrupt(double v, Rng rng);

    /** A corrupted copy of {@code x} [B, D] in x's data type; x is not modified. */
    default INDArray apply(INDArray x, Rng rng) {
        double[] v = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < v.length; i++) {
            v[i] = corrupt(v[i], rng);
        }
        return HostArrays.of(v, x.shape(), x.dataType());
    }

    /** This corruption as the {@link Noise} the trainer feeds to {@code placeholder} at every step. */
    default Noise asNoise(String placeholder) {
        return Noise.of(placeholder, this::apply);
    }

    /** Additive isotropic Gaussian noise {@code x̃ = x + σ ε}, ε ~ N(0, I); values are not clipped. */
    record AdditiveGaussian(double sigma) implements Corruption {
        public AdditiveGaussian {
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new IllegalArgumentException("Gaussian corruption needs a positive finite sigma, got " + sigma);
            }
        }

        @Override
        public String key() {
            return "gaussian";
        }

        @Override
        public double level() {
            return sigma;
        }

        @Override
        public String describe() {
            return "Gaussian σ=" + sigma;
        }

        @Override
        public double corrupt(double v, Rng rng) {
            return v + sigma * rng.nextGaussian();
        }
    }

    /** Masking noise: each element is set to 0 with probability {@code fraction}, else kept. */
    record Masking(double fraction) implements Corruption {
        public Masking {
            checkFraction(fraction, "masking");
        }

        @Override
        public String key() {
            return "masking";
        }

        @Override
        public double level() {
            return fraction;
        }

        @Override
        public String describe() {
            return "masking ν=" + fraction;
        }

        @Override
        public double corrupt(double v, Rng rng) {
            return rng.nextDouble() < fraction ? 0.0 : v;
        }
    }

    /**
     * Salt-and-pepper noise: each element is, with probability {@code fraction}, replaced by
     * {@code low} or {@code high} with equal chance (the data's minimum and maximum), else kept.
     */
    record SaltAndPepper(double fraction, double low, double high) implements Corruption {
        public SaltAndPepper {
            checkFraction(fraction, "salt-and-pepper");
            if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
                throw new IllegalArgumentException("salt-and-pepper needs finite low < high, got " + low + ", " + high);
            }
        }

        /** Salt 1 and pepper 0, for data in [0, 1] such as MNIST grey levels. */
        public SaltAndPepper(double fraction) {
            this(fraction, 0.0, 1.0);
        }

        @Override
        public String key() {
            return "salt_and_pepper";
        }

        @Override
        public double level() {
            return fraction;
        }

        @Override
        public String describe() {
            return "salt-and-pepper ν=" + fraction;
        }

        @Override
        public double corrupt(double v, Rng rng) {
            double u = rng.nextDouble(); // one draw decides both whether and which way
            return u < fraction / 2 ? low : u < fraction ? high : v;
        }
    }

    private static void checkFraction(double fraction, String what) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException(what + " fraction must be in [0, 1], got " + fraction);
        }
    }
}
