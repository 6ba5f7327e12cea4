package org.ae4j.core.loss;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss as named scalar terms: the {@link Term#TOTAL} that is minimized, plus its parts (for example
 * reconstruction and KL), each a mean over the examples of a batch. Logging, evaluation and plots
 * read the terms generically.
 *
 * @param total the scalar objective
 * @param parts scalar parts in display order (may be empty); {@link Term#TOTAL} is reserved
 */
public record LossTerms(SDVariable total, Map<Term, SDVariable> parts) {
    public LossTerms {
        if (total == null) {
            throw new IllegalArgumentException("a loss needs a total");
        }
        if (parts.containsKey(Term.TOTAL)) {
            throw new IllegalArgumentException("'" + Term.TOTAL + "' is reserved for the total loss");
        }
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /** A loss with no parts besides the total. */
    public static LossTerms of(SDVariable total) {
        return new LossTerms(total, Map.of());
    }

    /** The terms, total first, then the parts in order. */
    public List<Term> terms() {
        List<Term> terms = new ArrayList<>();
        terms.add(Term.TOTAL);
        terms.addAll(parts.keySet());
        return terms;
    }

    /** The graph variable of a term of {@link #terms()}. */
    public SDVariable variable(Term term) {
        SDVariable v = Term.TOTAL.equals(term) ? total : parts.get(term);
        if (v == null) {
            throw new IllegalArgumentException("no loss term '" + term + "'; terms are " + terms());
        }
        return v;
    }

    /**
     * Every term's value, term name to value in the order of {@link #terms()}, from a graph's outputs holding
     * {@link #variableNames()} (e.g. {@code sd.output(feed, loss.variableNames())}).
     */
    public Map<String, Double> values(Map<String, INDArray> outputs) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Term t : terms()) {
            INDArray v = outputs.get(variable(t).name());
            if (v == null) {
                throw new IllegalArgumentException("the outputs hold no '" + variable(t).name() + "' for term " + t);
            }
            values.put(t.name(), v.getDouble(0));
        }
        return values;
    }

    /** The graph variable names of {@link #terms()}, in order (two terms may share a variable). */
    public List<String> variableNames() {
        return terms().stream().map(t -> variable(t).name()).toList();
    }
}
