package org.ae4j.core.model;

import java.util.Arrays;
import java.util.function.BiFunction;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Random input a model needs at every step (VAE epsilon, a DAE's corrupted copy of the batch), drawn
 * on the Java side from the run's seeded {@link Rng} and fed to a placeholder. SameDiff M2.1's in-graph
 * random ops do not resample between iterations, and drawing here also makes a resumed run exact.
 */
public interface Noise {
    /** The placeholder this noise is fed to. */
    String placeholder();

    /**
     * A fresh draw for one batch; its first dimension is the batch's. Noise that does not depend on
     * the data (epsilon) reads only {@code batch.rows()}; a corruption transforms the batch itself.
     *
     * @param batch the examples fed to the graph's input, [B, D]; never modified
     */
    INDArray sample(INDArray batch, Rng rng);

    /** Noise fed to {@code placeholder}, each draw computed by {@code draw(batch, rng)}. */
    static Noise of(String placeholder, BiFunction<INDArray, Rng, INDArray> draw) {
        return new Noise() {
            @Override
            public String placeholder() {
                return placeholder;
            }

            @Override
            public INDArray sample(INDArray batch, Rng rng) {
                return draw.apply(batch, rng);
            }
        };
    }

    /**
     * Dynamic binarization (Salakhutdinov &amp; Murray 2008): each value v in [0, 1] of the batch becomes 1
     * with probability v, freshly at every step. Fed to the graph's input placeholder itself, it replaces
     * the batch there.
     */
    static Noise binarized(String placeholder) {
        return of(placeholder, Bernoulli::sample);
    }

    /**
     * Uniform dequantization (Theis et al. 2016): each value v = i / (L − 1) of the batch, i one of {@code levels} = L
     * grey levels, becomes (i + u) / L with u ~ U[0, 1), freshly at every step, so a density on [0, 1)^D is a bound on
     * the discrete data's log-likelihood: log P(i) ≥ E_u[log p((i + u) / L)] − D log L. Fed to the graph's input
     * placeholder itself, it replaces the batch there.
     *
     * @throws IllegalArgumentException at the first value that is not one of the L levels
     */
    static Noise dequantized(String placeholder, int levels) {
        if (levels < 2) {
            throw new IllegalArgumentException("dequantization needs at least 2 grey levels, got " + levels);
        }
        return of(placeholder, (batch, rng) -> {
            float[] v = batch.castTo(DataType.FLOAT).dup('c').data().asFloat();
            for (int i = 0; i < v.length; i++) {
                float level = v[i] * (levels - 1);
                float rounded = Math.round(level);
                if (!(v[i] >= 0f && v[i] <= 1f) || Math.abs(level - rounded) > 1e-3f) {
                    throw new IllegalArgumentException("dequantization expects values i / " + (levels - 1)
                            + " in [0, 1]; entry " + i + " is " + v[i]);
                }
                v[i] = (float) ((rounded + rng.nextDouble()) / levels);
            }
            return Nd4j.create(v, batch.shape(), 'c').castTo(batch.dataType());
        });
    }

    /** Independent standard normals of shape [B, perExample...]. */
    static Noise standardNormal(String placeholder, DataType type, long... perExample) {
        long[] tail = perExample.clone();
        return of(placeholder, (batch, rng) -> {
            long[] shape = new long[tail.length + 1];
            shape[0] = batch.rows();
            System.arraycopy(tail, 0, shape, 1, tail.length);
            float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
            rng.fillGaussian(values);
            return Nd4j.create(values, shape, 'c').castTo(type);
        });
    }
}
