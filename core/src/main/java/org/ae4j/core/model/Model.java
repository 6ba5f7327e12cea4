package org.ae4j.core.model;

import org.ae4j.core.loss.LossTerms;
import org.nd4j.autodiff.samediff.SameDiff;

/** A trainable model: what the {@link org.ae4j.core.train.Trainer} needs of it, and its graph and loss terms. */
public interface Model {
    /** The graph, the placeholder that takes a batch, the loss terms, the noise drawn per step and fusible terms. */
    TrainGraph trainGraph();

    /** The SameDiff graph holding the parameters. */
    default SameDiff sameDiff() {
        return trainGraph().sd();
    }

    /** The loss: the total that is minimized and its named parts. */
    default LossTerms loss() {
        return trainGraph().loss();
    }
}
