package org.ae4j.core.engine.host;

import java.util.Optional;
import org.ae4j.core.loss.FusibleTerm;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Kernels the host engine may run in place of a declared loss term's ops. A module adds its own by listing a
 * class in {@code META-INF/services/org.ae4j.core.engine.host.TermKernels}; the host engine asks each in turn.
 */
public interface TermKernels {
    /** A kernel computing {@code term} in {@code sd}, or empty where this provider has none for it. */
    Optional<FusedTerm> kernel(FusibleTerm term, SameDiff sd);
}
