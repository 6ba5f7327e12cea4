package org.ae4j.core.model;

import static org.ae4j.core.SeededArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.eval.Reconstruction;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.prob.Gaussian;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.GradientCheck;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DenoisingAutoencoderTest {


    /** Rows are one of two binary prototypes over 12 pixels: the clean data a DAE should restore. */
    private static Dataset prototypes(int n, long seed) {
        Rng rng = Rng.seeded(seed);
        float[] v = new float[n * 12];
        for (int i = 0; i < n; i++) {
            boolean first = rng.nextDouble() < 0.5;
            for (int d = 0; d < 12; d++) {
                v[i * 12 + d] = (first == (d % 3 == 0)) ? 1f : 0f;
            }
        }
        return Dataset.unlabelled(Nd4j.create(v, new long[] {n, 12}, 'c'));
    }

    @Test
    void lossGradientsMatchFiniteDifferencesForBothLikelihoods() {
        INDArray x = uniform(1, 5, 6);
        INDArray corrupted = uniform(2, 5, 6);
        DenoisingAutoencoder bernoulli = new DenoisingAutoencoder(List.of(6, 5, 3), Activation.TANH, new Bernoulli(),
                new Corruption.Masking(0.3), Rng.seeded(3), DataType.DOUBLE);
        assertTrue(GradientCheck.passes(bernoulli.sameDiff(),
                Map.of(Autoencoder.INPUT, x, DenoisingAutoencoder.CORRUPTED, corrupted)));
        DenoisingAutoencoder gaussian = new DenoisingAutoencoder(List.of(6, 5, 3), Activation.SIGMOID,
                new Gaussian(0.5), new Corruption.AdditiveGaussian(0.2), Rng.seeded(4), DataType.DOUBLE);
        assertTrue(GradientCheck.passes(gaussian.sameDiff(),
                Map.of(Autoencoder.INPUT, x, DenoisingAutoencoder.CORRUPTED, corrupted)));
    }

    @Test
    void oneDimensionalDataTrainsDespiteSameDiffsSizeOneReductionBug() {
        // Summing a [B, 1] term over its dimension throws inside SameDiff M2.1; the likelihoods reshape.
        DenoisingAutoencoder dae = new DenoisingAutoencoder(List.of(1, 4, 2), Activation.TANH, new Gaussian(0.3),
                new Corruption.AdditiveGaussian(0.3), Rng.seeded(6), DataType.DOUBLE);
        assertTrue(GradientCheck.passes(dae.sameDiff(),
                Map.of(Autoencoder.INPUT, uniform(1, 4, 1), DenoisingAutoencoder.CORRUPTED, uniform(2, 4, 1))));
        assertArrayEquals(new long[] {4, 1}, dae.vectorField(uniform(3, 4, 1)).shape());
    }

    @Test
    void theLossScoresTheCleanInputNotTheCorruptedOne() {
        // With x̃ fixed, changing only the clean x must change the loss: the target is x.
        DenoisingAutoencoder dae = new DenoisingAutoencoder(List.of(4, 3), Activation.TANH, new Gaussian(1),
                new Corruption.AdditiveGaussian(0.1), Rng.seeded(5), DataType.DOUBLE);
        INDArray corrupted = uniform(6, 2, 4);
        String loss = dae.loss().total().name();
        double a = dae.sameDiff().output(Map.of(Autoencoder.INPUT, uniform(7, 2, 4),
                DenoisingAutoencoder.CORRUPTED, corrupted), loss).get(loss).getDouble(0);
        double b = dae.sameDiff().output(Map.of(Autoencoder.INPUT, uniform(8, 2, 4),
                DenoisingAutoencoder.CORRUPTED, corrupted), loss).get(loss).getDouble(0);
        assertTrue(Math.abs(a - b) > 1e-6, a + " vs " + b);
        // Reconstruction and codes need only the encoder's input.
        assertArrayEquals(new long[] {2, 4}, dae.reconstruct(corrupted).shape());
        assertArrayEquals(new long[] {2, 3}, dae.encode(corrupted).shape());
    }

    @Test
    void itsTrainGraphDrawsTheCorruptionEveryStep() {
        Corruption masking = new Corruption.Masking(0.4);
        DenoisingAutoencoder dae = new DenoisingAutoencoder(List.of(12, 8), Activation.TANH, new Bernoulli(),
                masking, Rng.seeded(1), DataType.FLOAT);
        TrainGraph graph = dae.trainGraph();
        assertEquals(1, graph.noise().size());
        assertEquals(DenoisingAutoencoder.CORRUPTED, graph.noise().get(0).placeholder());
        assertEquals(masking, dae.corruption());
        assertThrows(IllegalArgumentException.class, () -> new DenoisingAutoencoder(List.of(12, 8), Activation.TANH,
                new Bernoulli(), null, Rng.seeded(1), DataType.FLOAT));
    }

    @Test
    void aTinyDenoiserLearnsToRestoreMaskedPrototypes() {
        Dataset train = prototypes(400, 1);
        Dataset test = prototypes(200, 2);
        Corruption masking = new Corruption.Masking(0.3);
        DenoisingAutoencoder dae = new DenoisingAutoencoder(List.of(12, 16, 4), Activation.TANH, new Bernoulli(),
                masking, Rng.seeded(3), DataType.FLOAT);
        History h = new Trainer(new TrainConfig(30, 20, 0.01, 1)).fit(dae.trainGraph(), train, test, null,
                EpochListener.NONE);
        double first = h.epochs().get(0).valid().get("total");
        double last = h.last().valid().get("total");
        assertTrue(last < 0.5 * first, "held-out loss " + first + " -> " + last);

        INDArray corrupted = masking.apply(test.x(), Rng.seeded(99));
        double noisy = Reconstruction.squaredError(corrupted, test.x());
        double denoised = Reconstruction.squaredError(dae.reconstruct(corrupted), test.x());
        // About 0.3 * 4 = 1.2 ones are masked per image; the denoiser should restore nearly all.
        assertTrue(noisy > 0.8, "corrupted error " + noisy);
        assertTrue(denoised < 0.2 * noisy, "denoised " + denoised + " vs corrupted " + noisy);
    }
}
