package org.ae4j.core.model;

import java.util.List;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.Block;
import org.ae4j.core.prob.Likelihood;
import org.ae4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A denoising auto-encoder (Vincent et al. 2008): the encoder reads a corrupted copy x̃ ~ q(x̃ | x) of
 * each example and the loss scores the reconstruction against the clean x,
 * {@code -log p(x | g(f(x̃)))}. The trainer draws a fresh x̃ at every step from the run's seeded
 * generator and feeds it to {@link #CORRUPTED}.
 *
 * <p>{@link #reconstruct} applied to any input is the map r(x̃) = E[x | g(f(x̃))]: given a noisy image it
 * denoises, and r(x) − x is the vector field that Alain &amp; Bengio (2014) relate to the score.
 */
public final class DenoisingAutoencoder extends Autoencoder {
    /** The placeholder that takes the corrupted batch x̃ [B, D]. */
    public static final String CORRUPTED = "x_corrupted";

    private final Corruption corruption;

    /** An MLP denoising auto-encoder: widths from the input to the code, mirrored by the decoder. */
    public DenoisingAutoencoder(List<Integer> encoderSizes, Activation hidden, Likelihood likelihood,
                                Corruption corruption, Rng rng, DataType type) {
        this(mlpEncoder(encoderSizes, hidden), mlpDecoder(encoderSizes, hidden, likelihood), likelihood, corruption,
                rng, type);
    }

    /** A denoising auto-encoder composed of its parts: the encoder reads x̃, the likelihood scores x. */
    public DenoisingAutoencoder(Block encoder, Block decoder, Likelihood likelihood, Corruption corruption, Rng rng,
                                DataType type) {
        super(encoder, decoder, likelihood, List.of(), CORRUPTED, rng, type);
        if (corruption == null) {
            throw new IllegalArgumentException("a denoising auto-encoder needs a corruption");
        }
        this.corruption = corruption;
    }

    public Corruption corruption() {
        return corruption;
    }

    /**
     * The vector field {@code r(x) − x} at each row of {@code x} [N, D], as [N, D]. For small Gaussian
     * corruption σ and squared error it approaches {@code σ² ∇ log p(x)} (Alain &amp; Bengio 2014, Thm. 1):
     * it points toward higher data density, i.e. back to the data manifold.
     */
    public INDArray vectorField(INDArray x) {
        return reconstruct(x).sub(x);
    }

    /** The graph with the corruption as its per-step noise: x feeds the loss, x̃ = corrupt(x) the encoder. */
    @Override
    public TrainGraph trainGraph() {
        TrainGraph clean = super.trainGraph();
        return new TrainGraph(clean.sd(), INPUT, clean.loss(), List.of(corruption.asNoise(CORRUPTED)), clean.fusible());
    }
}
