package org.ae4j.core.model;

import java.util.List;
import java.util.Map;
import org.ae4j.core.loss.LossTerms;
import org.ae4j.core.data.Rng;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.Mlp;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.prob.Likelihood;
import org.ae4j.core.loss.FusibleTerm;
import org.ae4j.core.train.TrainGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A deterministic MLP auto-encoder {@code z = f(x)}, {@code θ = g(z)} whose loss is the per-example
 * negative log-likelihood {@code -log p(x | θ)} under a {@link Likelihood}: Bernoulli cross-entropy for
 * pixels in [0, 1], or squared error scaled by 1/(2σ²) for real-valued data.
 */
public class Autoencoder {
    /** Placeholder and output names in the graph. */
    public static final String INPUT = "x";
    public static final String CODE = "code";
    /** The decoder's output θ: logits for a Bernoulli likelihood, means for a Gaussian one. */
    public static final String DECODED = "decoded";
    public static final String RECONSTRUCTION = "reconstruction";
    /** The placeholder of given codes [N, K] and the decoded mean they give. */
    public static final String LATENT = "z";
    public static final String DECODED_MEAN = "decoded_mean";

    private final SameDiff sd;
    private final LossTerms loss;
    private final String encoderInput;
    private final List<FusibleTerm> fusible;

    /** A Bernoulli auto-encoder, for data in [0, 1]. */
    public Autoencoder(List<Integer> encoderSizes, Activation hidden, Rng rng, DataType type) {
        this(encoderSizes, hidden, new Bernoulli(), rng, type);
    }

    /**
     * @param encoderSizes widths from the input to the code, e.g. [784, 256, 32]; the decoder mirrors them
     * @param hidden       hidden-layer activation; the code and the decoder output are linear
     * @param type         FLOAT for training, DOUBLE for gradient checks
     */
    public Autoencoder(List<Integer> encoderSizes, Activation hidden, Likelihood likelihood, Rng rng, DataType type) {
        this(encoderSizes, hidden, likelihood, null, rng, type);
    }

    /**
     * @param encoderInput the placeholder the encoder reads, or {@code null} for {@link #INPUT} itself;
     *                     the likelihood always scores the reconstruction against {@link #INPUT}
     */
    Autoencoder(List<Integer> encoderSizes, Activation hidden, Likelihood likelihood, String encoderInput, Rng rng,
                DataType type) {
        Mlp encoder = new Mlp(encoderSizes, hidden, Activation.IDENTITY);
        Mlp decoder = Mlp.decoderFor(encoder, hidden, likelihood.paramsPerDimension());
        sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, type, -1, encoder.inputSize());            // [B, D]
        SDVariable in = encoderInput == null ? x : sd.placeHolder(encoderInput, type, -1, encoder.inputSize());
        this.encoderInput = in.name();
        SDVariable z = encoder.apply(sd, "encoder", in, rng).rename(CODE);             // [B, K]
        SDVariable decoded = decoder.apply(sd, "decoder", z, rng).rename(DECODED);     // [B, D]
        likelihood.mean(sd, decoded, encoder.inputSize()).rename(RECONSTRUCTION);       // [B, D]
        SDVariable given = sd.placeHolder(LATENT, type, -1, encoder.outputSize());      // [N, K]
        likelihood.mean(sd, decoder.apply(sd, "decoder", given, rng), encoder.inputSize()).rename(DECODED_MEAN);
        SDVariable nll = likelihood.logProb(sd, decoded, x, encoder.inputSize()).neg().mean().rename("nll"); // []
        loss = LossTerms.of(nll); // an auto-encoder's loss is its reconstruction term alone
        sd.setLossVariables(loss.total());
        fusible = likelihood.meanNllTerm(DECODED, INPUT, 1, loss.total().name()).stream().toList();
    }

    public SameDiff sameDiff() {
        return sd;
    }

    public LossTerms loss() {
        return loss;
    }

    /** The loss declared as a term an engine may fuse, where the likelihood declares one ({@link Likelihood#meanNllTerm}). */
    List<FusibleTerm> fusibleTerms() {
        return fusible;
    }

    /** What the {@link org.ae4j.core.train.Trainer} needs: the graph, its input and its loss. */
    public TrainGraph trainGraph() {
        return new TrainGraph(sd, INPUT, loss, List.of(), fusible);
    }

    /** Codes of {@code x} [N, D] as [N, K]. */
    public INDArray encode(INDArray x) {
        return sd.output(Map.of(encoderInput, x), CODE).get(CODE);
    }

    /** The decoded means E[x | g(z)] of given codes {@code z} [N, K], as [N, D]. */
    public INDArray decode(INDArray z) {
        return sd.output(Map.of(LATENT, z), DECODED_MEAN).get(DECODED_MEAN);
    }

    /** Mean reconstructions E[x | g(f(x))] of {@code x} [N, D] as [N, D]. */
    public INDArray reconstruct(INDArray x) {
        return sd.output(Map.of(encoderInput, x), RECONSTRUCTION).get(RECONSTRUCTION);
    }
}
