package org.ae4j.core.engine.host;

import java.util.Optional;
import org.ae4j.core.loss.BernoulliMeanNll;
import org.ae4j.core.loss.FusibleTerm;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/** {@link BernoulliNll} for a {@link BernoulliMeanNll} over FLOAT logits, where the Vector API is loaded. */
public final class BernoulliTermKernels implements TermKernels {

    @Override
    public Optional<FusedTerm> kernel(FusibleTerm term, SameDiff sd) {
        if (term instanceof BernoulliMeanNll nll && BernoulliKernels.vectorized()
                && sd.getVariable(nll.logits()).dataType() == DataType.FLOAT) {
            return Optional.of(new BernoulliNll(nll.logits(), nll.target(), nll.samples(), nll.output()));
        }
        return Optional.empty();
    }
}
