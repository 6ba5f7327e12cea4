package org.ae4j.core.model;

import java.util.List;
import java.util.Map;
import org.ae4j.core.data.Rng;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.Mlp;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.train.TrainGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A deterministic MLP auto-encoder {@code x -> z = f(x) -> logits = g(z)} with a Bernoulli decoder:
 * the reconstruction loss is the per-example cross-entropy {@code -log p(x | g(f(x)))} for x in [0, 1].
 */
public final class Autoencoder {
    /** Placeholder and output names in the graph. */
    public static final String INPUT = "x";
    public static final String CODE = "code";
    public static final String LOGITS = "logits";
    public static final String RECONSTRUCTION = "reconstruction";

    private final SameDiff sd;
    private final LossTerms loss;

    /**
     * @param encoderSizes widths from the input to the code, e.g. [784, 256, 32]; the decoder mirrors them
     * @param hidden       hidden-layer activation
     * @param type         FLOAT for training, DOUBLE for gradient checks
     */
    public Autoencoder(List<Integer> encoderSizes, Activation hidden, Rng rng, DataType type) {
        Mlp encoder = new Mlp(encoderSizes, hidden, Activation.IDENTITY);
        Mlp decoder = encoder.mirrored(hidden, Activation.IDENTITY);
        sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, type, -1, encoder.inputSize());           // [B, D]
        SDVariable z = encoder.apply(sd, "encoder", x, rng).rename(CODE);              // [B, K]
        SDVariable logits = decoder.apply(sd, "decoder", z, rng).rename(LOGITS);       // [B, D]
        sd.nn.sigmoid(RECONSTRUCTION, logits);                                          // [B, D]
        SDVariable nll = Bernoulli.logProbFromLogits(sd, logits, x).neg().mean().rename("nll"); // []
        loss = LossTerms.of(nll); // an auto-encoder's loss is its reconstruction term alone
        sd.setLossVariables(loss.total());
    }

    public SameDiff sameDiff() {
        return sd;
    }

    public LossTerms loss() {
        return loss;
    }

    /** What the {@link org.ae4j.core.train.Trainer} needs: the graph, its input and its loss. */
    public TrainGraph trainGraph() {
        return new TrainGraph(sd, INPUT, loss, List.of());
    }

    /** Codes of {@code x} [N, D] as [N, K]. */
    public INDArray encode(INDArray x) {
        return sd.output(Map.of(INPUT, x), CODE).get(CODE);
    }

    /** Mean reconstructions sigma(g(f(x))) of {@code x} [N, D] as [N, D]. */
    public INDArray reconstruct(INDArray x) {
        return sd.output(Map.of(INPUT, x), RECONSTRUCTION).get(RECONSTRUCTION);
    }
}
