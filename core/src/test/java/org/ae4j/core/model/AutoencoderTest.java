package org.ae4j.core.model;

import static org.ae4j.core.SeededArrays.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.loss.Term;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.Block;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.prob.LearnedGaussian;
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
import org.nd4j.linalg.ops.transforms.Transforms;

class AutoencoderTest {


    @Test
    void lossGradientsMatchFiniteDifferencesInDoublePrecision() {
        for (Activation act : List.of(Activation.RELU, Activation.SIGMOID, Activation.TANH)) {
            Autoencoder ae = new Autoencoder(List.of(6, 4, 2), act, Rng.seeded(1), DataType.DOUBLE);
            INDArray x = uniform(3, 5, 6);
            assertTrue(GradientCheck.passes(ae.sameDiff(), Map.of(Autoencoder.INPUT, x)), act + " autoencoder");
        }
    }

    @Test
    void composedWithAnL1CodePenaltyItsTermsAddUpAndItsGradientsAreRight() {
        Block encoder = Autoencoder.mlpEncoder(List.of(6, 5, 3), Activation.TANH);
        Block decoder = Autoencoder.mlpDecoder(List.of(6, 5, 3), Activation.TANH, new Bernoulli());
        Autoencoder sparse = new Autoencoder(encoder, decoder, new Bernoulli(), List.of(CodePenalty.l1(0.3)),
                Rng.seeded(2), DataType.DOUBLE);
        INDArray x = uniform(6, 4, 6);
        assertEquals(List.of(Term.TOTAL, Term.RECONSTRUCTION, CodePenalty.SPARSITY), sparse.loss().terms());
        Map<String, Double> v = sparse.loss().values(sparse.sameDiff().output(Map.of(Autoencoder.INPUT, x),
                sparse.loss().variableNames()));
        // By hand: 0.3 · mean over the batch of Σ_k |z_k|.
        double l1 = 0.3 * Transforms.abs(sparse.encode(x)).sum(1).meanNumber().doubleValue();
        assertEquals(l1, CodePenalty.SPARSITY.in(v), 1e-12);
        assertEquals(Term.RECONSTRUCTION.in(v) + l1, Term.TOTAL.in(v), 1e-12);
        assertTrue(GradientCheck.passes(sparse.sameDiff(), Map.of(Autoencoder.INPUT, x)));
    }

    @Test
    void partsThatDoNotFitAreRefusedWithTheirShapes() {
        Block encoder = Autoencoder.mlpEncoder(List.of(6, 5, 3), Activation.TANH);
        IllegalArgumentException code = assertThrows(IllegalArgumentException.class, () -> new Autoencoder(encoder,
                Autoencoder.mlpDecoder(List.of(6, 5, 4), Activation.TANH, new Bernoulli()), new Bernoulli(),
                Rng.seeded(1), DataType.FLOAT));
        assertEquals("the decoder takes codes of 4 values but the encoder gives 3", code.getMessage());
        IllegalArgumentException params = assertThrows(IllegalArgumentException.class, () -> new Autoencoder(encoder,
                Autoencoder.mlpDecoder(List.of(6, 5, 3), Activation.TANH, new Bernoulli()), new LearnedGaussian(),
                Rng.seeded(1), DataType.FLOAT));
        assertTrue(params.getMessage().contains("needs 2 per input dimension, 12"), params.getMessage());
    }

    @Test
    void aDeepStackLikeHintonAndSalakhutdinovsHasCorrectGradients() {
        // The 784-1000-500-250-30 shape in miniature: four encoder layers, a linear code, logistic units.
        Autoencoder ae = new Autoencoder(List.of(8, 7, 5, 4, 2), Activation.SIGMOID, Rng.seeded(5), DataType.DOUBLE);
        INDArray x = uniform(4, 4, 8);
        assertTrue(GradientCheck.passes(ae.sameDiff(), Map.of(Autoencoder.INPUT, x)));
    }

    @Test
    void encodeAndReconstructHaveTheDocumentedShapesAndRange() {
        Autoencoder ae = new Autoencoder(List.of(6, 4, 2), Activation.RELU, Rng.seeded(1), DataType.FLOAT);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 6);
        assertArrayEquals(new long[] {3, 2}, ae.encode(x).shape());
        INDArray r = ae.reconstruct(x);
        assertArrayEquals(new long[] {3, 6}, r.shape());
        assertTrue(r.equalsWithEps(ae.decode(ae.encode(x)), 1e-6), "decode(encode(x)) must be the reconstruction");
        assertTrue(r.minNumber().doubleValue() >= 0 && r.maxNumber().doubleValue() <= 1);
    }

    @Test
    void theSameSeedBuildsTheSameWeights() {
        Autoencoder a = new Autoencoder(List.of(6, 4, 2), Activation.RELU, Rng.seeded(9), DataType.FLOAT);
        Autoencoder b = new Autoencoder(List.of(6, 4, 2), Activation.RELU, Rng.seeded(9), DataType.FLOAT);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 6);
        assertEquals(a.reconstruct(x), b.reconstruct(x));
    }

    @Test
    void trainingReducesTheReconstructionLossOnStructuredData() {
        // Rows are noisy copies of two prototypes: a 1-d code can learn them.
        Rng rng = Rng.seeded(4);
        float[] v = new float[200 * 8];
        for (int i = 0; i < 200; i++) {
            boolean first = rng.nextDouble() < 0.5;
            for (int d = 0; d < 8; d++) {
                float proto = (first == (d < 4)) ? 0.9f : 0.1f;
                v[i * 8 + d] = proto;
            }
        }
        Dataset data = Dataset.unlabelled(Nd4j.create(v, new long[] {200, 8}, 'c'));
        Autoencoder ae = new Autoencoder(List.of(8, 6, 1), Activation.TANH, Rng.seeded(2), DataType.FLOAT);
        History h = new Trainer(new TrainConfig(30, 20, 0.03, 1)).fit(ae.trainGraph(), data, data, null,
                EpochListener.NONE);
        double first = h.epochs().get(0).valid().get("total");
        double last = h.last().valid().get("total");
        // The entropy floor of targets 0.9/0.1 is 8 * H(0.9) = 2.60 nats per example.
        assertTrue(last < 2.70 && last < first, "reconstruction " + first + " -> " + last);
    }
}
