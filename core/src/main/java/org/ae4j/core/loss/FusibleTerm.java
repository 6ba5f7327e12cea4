package org.ae4j.core.loss;

/**
 * A scalar loss term that says what it is, so that an engine with a kernel for it may compute it, forward and
 * backward, in one pass instead of the graph's ops: the model declares the term, the engine decides. The graph
 * keeps the term's ops as its definition; an engine without a kernel for the term, or that cannot fuse it, runs
 * them.
 */
public interface FusibleTerm {
    /** The scalar graph variable whose ops compute the term. */
    String output();
}
