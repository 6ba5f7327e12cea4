package org.ae4j.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.loss.FusibleTerm;
import org.ae4j.core.loss.LossTerms;
import org.ae4j.core.loss.Term;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.Block;
import org.ae4j.core.nn.Mlp;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.prob.Likelihood;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A deterministic auto-encoder: an encoder {@code z = f(x)}, a decoder {@code θ = g(z)} (any {@link Block}s; MLPs by
 * the list constructors) and a {@link Likelihood} whose per-example negative log {@code -log p(x | θ)} is the loss:
 * Bernoulli cross-entropy for pixels in [0, 1], or squared error scaled by 1/(2σ²) for real-valued data.
 */
public class Autoencoder implements Model {
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

    /** A Bernoulli MLP auto-encoder, for data in [0, 1]. */
    public Autoencoder(List<Integer> encoderSizes, Activation hidden, Rng rng, DataType type) {
        this(encoderSizes, hidden, new Bernoulli(), rng, type);
    }

    /**
     * An MLP auto-encoder: {@link #mlpEncoder} and its mirrored decoder.
     *
     * @param encoderSizes widths from the input to the code, e.g. [784, 256, 32]; the decoder mirrors them
     * @param hidden       hidden-layer activation; the code and the decoder output are linear
     * @param type         FLOAT for training, DOUBLE for gradient checks
     */
    public Autoencoder(List<Integer> encoderSizes, Activation hidden, Likelihood likelihood, Rng rng, DataType type) {
        this(mlpEncoder(encoderSizes, hidden), mlpDecoder(encoderSizes, hidden, likelihood), likelihood, rng, type);
    }

    /**
     * An auto-encoder composed of its parts.
     *
     * @param encoder    x [B, D] to the code [B, K]
     * @param decoder    the code [B, K] to the likelihood's parameters [B, P·D]
     * @param likelihood p(x | θ), whose negative log is the loss
     */
    public Autoencoder(Block encoder, Block decoder, Likelihood likelihood, Rng rng, DataType type) {
        this(encoder, decoder, likelihood, List.of(), null, rng, type);
    }

    /**
     * An auto-encoder whose loss also charges penalties on its code, each logged as its own term beside
     * {@link Term#RECONSTRUCTION} (e.g. a sparse auto-encoder: {@link CodePenalty#l1}).
     */
    public Autoencoder(Block encoder, Block decoder, Likelihood likelihood, List<CodePenalty> penalties, Rng rng,
                       DataType type) {
        this(encoder, decoder, likelihood, penalties, null, rng, type);
    }

    /**
     * @param encoderInput the placeholder the encoder reads, or {@code null} for {@link #INPUT} itself;
     *                     the likelihood always scores the reconstruction against {@link #INPUT}
     */
    Autoencoder(Block encoder, Block decoder, Likelihood likelihood, List<CodePenalty> penalties, String encoderInput,
                Rng rng, DataType type) {
        checkParts(encoder, decoder, likelihood);
        int d = encoder.inputSize();
        sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, type, -1, d);                                   // [B, D]
        SDVariable in = encoderInput == null ? x : sd.placeHolder(encoderInput, type, -1, d);
        this.encoderInput = in.name();
        SDVariable z = encoder.apply(sd, "encoder", in, rng).rename(CODE);             // [B, K]
        SDVariable decoded = decoder.apply(sd, "decoder", z, rng).rename(DECODED);     // [B, P·D]
        likelihood.mean(sd, decoded, d).rename(RECONSTRUCTION);                         // [B, D]
        SDVariable given = sd.placeHolder(LATENT, type, -1, encoder.outputSize());      // [N, K]
        likelihood.mean(sd, decoder.apply(sd, "decoder", given, rng), d).rename(DECODED_MEAN);
        SDVariable nll = likelihood.logProb(sd, decoded, x, d).neg().mean().rename("nll"); // []
        loss = penalties.isEmpty() ? LossTerms.of(nll) : penalized(nll, z, penalties);
        sd.setLossVariables(loss.total());
        fusible = likelihood.meanNllTerm(DECODED, INPUT, 1, nll.name()).stream().toList();
    }

    /** The reconstruction term and each penalty of the code z, summed into the total. */
    private LossTerms penalized(SDVariable nll, SDVariable z, List<CodePenalty> penalties) {
        Map<Term, SDVariable> parts = new LinkedHashMap<>();
        parts.put(Term.RECONSTRUCTION, nll);
        SDVariable total = nll;
        for (CodePenalty p : penalties) {
            if (parts.containsKey(p.term())) {
                throw new IllegalArgumentException("two parts of the loss are both named " + p.term());
            }
            SDVariable value = p.apply(sd, z).rename(p.term().name());
            parts.put(p.term(), value);
            total = total.add(value);
        }
        return new LossTerms(total.rename("loss"), parts);
    }

    /** The MLP encoder of {@code sizes} [D, ..., K]: {@code hidden} between layers, a linear code. */
    public static Mlp mlpEncoder(List<Integer> sizes, Activation hidden) {
        return new Mlp(sizes, hidden, Activation.IDENTITY);
    }

    /** The encoder's mirror image, ending in the likelihood's P parameters per dimension. */
    public static Mlp mlpDecoder(List<Integer> sizes, Activation hidden, Likelihood likelihood) {
        return Mlp.decoderFor(mlpEncoder(sizes, hidden), hidden, likelihood.paramsPerDimension());
    }

    /** Fails with a one-line message when the decoder does not take the encoder's code or give P·D parameters. */
    static void checkParts(Block encoder, Block decoder, Likelihood likelihood) {
        checkDecoder(decoder, encoder.outputSize(), encoder.inputSize(), likelihood);
    }

    /**
     * Fails with a one-line message unless {@code decoder} takes codes of {@code code} values and gives the
     * likelihood's P parameters for each of {@code d} input dimensions.
     */
    static void checkDecoder(Block decoder, int code, int d, Likelihood likelihood) {
        if (decoder.inputSize() != code) {
            throw new IllegalArgumentException("the decoder takes codes of " + decoder.inputSize()
                    + " values but the encoder gives " + code);
        }
        int params = likelihood.paramsPerDimension() * d;
        if (decoder.outputSize() != params) {
            throw new IllegalArgumentException("the decoder gives " + decoder.outputSize() + " values per example but "
                    + "the likelihood needs " + likelihood.paramsPerDimension() + " per input dimension, " + params);
        }
    }

    /** What the {@link org.ae4j.core.train.Trainer} needs: the graph, its input and its loss. */
    @Override
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
