package org.ae4j.graph.engine.host;

import java.util.Optional;
import org.ae4j.core.engine.host.BernoulliKernels;
import org.ae4j.core.engine.host.FusedTerm;
import org.ae4j.core.engine.host.TermKernels;
import org.ae4j.core.loss.FusibleTerm;
import org.ae4j.graph.model.AdjacencyCrossEntropy;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/** {@link KipfAdjacencyLoss} for an {@link AdjacencyCrossEntropy} over a FLOAT embedding, where the Vector API is loaded. */
public final class AdjacencyKernels implements TermKernels {

    @Override
    public Optional<FusedTerm> kernel(FusibleTerm term, SameDiff sd) {
        if (term instanceof AdjacencyCrossEntropy a && BernoulliKernels.vectorized()
                && sd.getVariable(a.embedding()).dataType() == DataType.FLOAT) {
            return Optional.of(new KipfAdjacencyLoss(a.embedding(), a.output(), a.graph(), a.negative(), a.positive()));
        }
        return Optional.empty();
    }
}
