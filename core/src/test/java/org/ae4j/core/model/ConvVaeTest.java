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
import org.ae4j.core.nn.Chain;
import org.ae4j.core.nn.ConvStack;
import org.ae4j.core.nn.ConvStack.ImageShape;
import org.ae4j.core.nn.ConvStack.Layer;
import org.ae4j.core.nn.Mlp;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.prob.LearnedGaussian;
import org.ae4j.core.prob.StandardNormal;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.GradientCheck;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A convolutional VAE composed of a convolution stack's Gaussian heads and a dense-then-transposed decoder. */
class ConvVaeTest {

    /** 1 x 4 x 4 images: conv to 4 x 2 x 2 and 8 x 1 x 1, K = 3; back through 8 values and two transposed convs. */
    static Vae.Parts parts(Objective objective) {
        ConvStack down = new ConvStack(new ImageShape(1, 4, 4), List.of(Layer.conv(4, 2, 2, 0), Layer.conv(8, 2, 2, 0)),
                Activation.TANH, Activation.TANH);
        ConvStack up = new ConvStack(new ImageShape(8, 1, 1), List.of(Layer.up(4, 2, 2, 0), Layer.up(1, 2, 2, 0)),
                Activation.TANH, Activation.IDENTITY);
        Chain decoder = Chain.of(new Mlp(List.of(3, 8), Activation.TANH, Activation.TANH), up);
        return new Vae.Parts(new GaussianHeads(down, 3), decoder, new Bernoulli(), new StandardNormal(), objective);
    }

    @Test
    void shapesFitAndMisfitChainsAreRefused() {
        Vae vae = new Vae(parts(new Objective.BetaElbo(1, 1.0)), Rng.seeded(1), DataType.FLOAT);
        INDArray x = uniform(1, 5, 16).castTo(DataType.FLOAT);
        assertArrayEquals(new long[] {5, 3}, vae.encode(x).mean().shape());
        assertArrayEquals(new long[] {5, 16}, vae.decode(vae.encode(x).mean()).shape());
        assertEquals("block 1 takes 32 values but block 0 gives 30", assertThrows(IllegalArgumentException.class,
                () -> Chain.of(new Mlp(List.of(3, 30), Activation.TANH, Activation.TANH),
                        new ConvStack(new ImageShape(8, 2, 2), List.of(Layer.up(1, 4, 2, 1)), Activation.TANH,
                                Activation.IDENTITY))).getMessage());
    }

    /** The recipe's VAE on 1 x 6 x 6 images with a learned-variance Gaussian: two planes out, means then variances. */
    @Test
    void recipeBuildsTheMirroredDecoderWithALikelihoodPlanePerParameter() {
        ConvSpec spec = new ConvSpec(new ImageShape(1, 6, 6), List.of(Layer.conv(3, 2, 2, 0), Layer.conv(4, 3, 1, 0)),
                Activation.TANH, 2, new LearnedGaussian(), new Objective.BetaElbo(1, 1.0));
        assertEquals(List.of(new ImageShape(4, 1, 1), new ImageShape(3, 3, 3), new ImageShape(2, 6, 6)),
                ((ConvStack) spec.decoder().blocks().get(1)).shapes());
        Vae vae = new Vae(spec.parts(), Rng.seeded(3), DataType.DOUBLE);
        INDArray z = uniform(4, 5, 2);
        INDArray params = vae.decoderParameters(z);
        assertArrayEquals(new long[] {5, 72}, params.shape());
        assertEquals(0, params.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 36)).sub(vae.decode(z)).norm2Number()
                .doubleValue(), 0.0, "the first plane is the mean");
        Map<String, INDArray> feed = Map.of(Vae.INPUT, uniform(6, 3, 36), Vae.EPSILON, Nd4j.randn(DataType.DOUBLE, 3,
                1, 2));
        assertTrue(GradientCheck.passes(vae.sameDiff(), feed));
        assertEquals("a convolutional VAE needs an image shape, an activation, K >= 1, a likelihood and an objective",
                assertThrows(IllegalArgumentException.class, () -> new ConvSpec(new ImageShape(1, 6, 6),
                        List.of(Layer.conv(3, 2, 2, 0)), Activation.TANH, 0, new Bernoulli(),
                        new Objective.BetaElbo(1, 1.0))).getMessage());
    }

    /**
     * The recipe's convolutions serve the other models too: an auto-encoder and a denoising one whose encoder is the
     * convolution stack and a dense layer to a 3-value code, and whose decoder is the recipe's, learn the two kinds.
     */
    @Test
    void theConvolutionsComposeAnAutoencoderAndADenoisingOne() {
        Dataset data = twoKinds(6);
        ConvSpec spec = new ConvSpec(new ImageShape(1, 4, 4), List.of(Layer.conv(4, 2, 2, 0), Layer.conv(8, 2, 2, 0)),
                Activation.TANH, 3, new Bernoulli(), new Objective.BetaElbo(1, 1.0));
        Chain encoder = Chain.of(spec.encoderTrunk(), new Mlp(List.of(8, 3), Activation.IDENTITY, Activation.IDENTITY));
        for (Model model : List.of(
                new Autoencoder(encoder, spec.decoder(), new Bernoulli(), Rng.seeded(7), DataType.FLOAT),
                new DenoisingAutoencoder(encoder, spec.decoder(), new Bernoulli(), new Corruption.Masking(0.2),
                        Rng.seeded(7), DataType.FLOAT))) {
            double[] curve = new Trainer(new TrainConfig(30, 16, 1e-2, 7)).fit(model.trainGraph(), data, data, null,
                    EpochListener.NONE).trainCurve(Term.TOTAL);
            assertTrue(curve[0] > 9 && curve[curve.length - 1] < 6, model.getClass().getSimpleName() + ": " + curve[0]
                    + " -> " + curve[curve.length - 1]);
        }
    }

    /** Level i of 4 becomes (i + u) / 4: inside its own quarter, fresh each draw, and a non-level is refused. */
    @Test
    void dequantizationSpreadsEachLevelOverItsBin() {
        Noise noise = Noise.dequantized(Vae.INPUT, 4);
        INDArray levels = Nd4j.create(new float[] {0f, 1f / 3, 2f / 3, 1f}, new long[] {1, 4}, 'c');
        Rng rng = Rng.seeded(9);
        INDArray first = noise.sample(levels, rng);
        INDArray second = noise.sample(levels, rng);
        for (int i = 0; i < 4; i++) {
            for (INDArray draw : List.of(first, second)) {
                double v = draw.getDouble(0, i);
                assertTrue(v >= i / 4.0 && v < (i + 1) / 4.0, "level " + i + " gave " + v);
            }
            assertTrue(first.getDouble(0, i) != second.getDouble(0, i), "a fresh draw each step");
        }
        assertEquals(first, Noise.dequantized(Vae.INPUT, 4).sample(levels, Rng.seeded(9)), "seeded");
        assertEquals("dequantization expects values i / 3 in [0, 1]; entry 1 is 0.5", assertThrows(
                IllegalArgumentException.class, () -> noise.sample(Nd4j.create(new float[] {0f, 0.5f},
                        new long[] {1, 2}, 'c'), rng)).getMessage());
        Vae vae = new Vae(parts(new Objective.BetaElbo(1, 1.0)), Rng.seeded(1), DataType.FLOAT);
        assertEquals("input noise must feed 'x', not 'epsilon'", assertThrows(IllegalArgumentException.class,
                () -> vae.trainGraph(Noise.standardNormal(Vae.EPSILON, DataType.FLOAT, 1, 3))).getMessage());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        // The objectives' own gradients are checked on MLPs (ObjectiveTest); here the convolutions' in a VAE.
        for (Objective objective : List.of(new Objective.BetaElbo(2, 1.0))) {
            Vae vae = new Vae(parts(objective), Rng.seeded(2), DataType.DOUBLE);
            Map<String, INDArray> feed = Map.of(Vae.INPUT, uniform(3, 3, 16),
                    Vae.EPSILON, Nd4j.randn(DataType.DOUBLE, 3, objective.samples(), 3));
            assertTrue(GradientCheck.passes(vae.sameDiff(), feed), objective.toString());
        }
    }

    /**
     * Images of two kinds, the left half or the top half lit, with 5% of pixels flipped: about 16 · H(0.05) = 3.2
     * nats each for a model that knows the kinds, against 11.1 for independent fair pixels.
     */
    @Test
    void trainingLowersTheNegativeElbo() {
        Dataset data = twoKinds(4);
        Vae vae = new Vae(parts(new Objective.BetaElbo(1, 1.0)), Rng.seeded(5), DataType.FLOAT);
        double[] curve = new Trainer(new TrainConfig(30, 16, 1e-2, 7)).fit(vae.trainGraph(), data, data, null,
                EpochListener.NONE).trainCurve(Term.TOTAL);
        assertTrue(curve[0] > 9 && curve[curve.length - 1] < 7, curve[0] + " -> " + curve[curve.length - 1]);
    }

    /** 128 images of 4 x 4, the left half or the top half lit, 5% of pixels flipped. */
    private static Dataset twoKinds(long seed) {
        Rng rng = Rng.seeded(seed);
        double[] pixels = new double[128 * 16];
        for (int n = 0; n < 128; n++) {
            boolean left = rng.nextDouble() < 0.5;
            for (int i = 0; i < 16; i++) {
                boolean lit = left ? i % 4 < 2 : i < 8;
                pixels[n * 16 + i] = lit != (rng.nextDouble() < 0.05) ? 1 : 0;
            }
        }
        return Dataset.unlabelled(Nd4j.create(pixels, new long[] {128, 16}, 'c').castTo(DataType.FLOAT));
    }
}
