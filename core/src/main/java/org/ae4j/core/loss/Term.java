package org.ae4j.core.loss;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The name of a loss term, typed so that models, the trainer, logs, {@code metrics.csv} and plots agree on it: the
 * {@link #TOTAL} that is minimized and its parts. A model with a term of its own declares a constant for it.
 *
 * @param name lower-case letters, digits and underscores, starting with a letter (a CSV column's suffix)
 */
public record Term(String name) {
    // Before the constants: their construction checks names against it.
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** The objective itself. */
    public static final Term TOTAL = new Term("total");
    /** −log p(x | z) or a reconstruction error, mean over the batch. */
    public static final Term RECONSTRUCTION = new Term("reconstruction");
    /** KL(q(z | x) ‖ p(z)), mean over the batch. */
    public static final Term KL = new Term("kl");
    /** A weight penalty (the linear AEs' L2). */
    public static final Term PENALTY = new Term("penalty");
    /** The graph auto-encoders' adjacency reconstruction. */
    public static final Term ADJACENCY = new Term("adjacency");
    /** The graph auto-encoders' node-feature reconstruction. */
    public static final Term FEATURES = new Term("features");

    public Term {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a loss term's name is lower-case letters, digits and '_', got " + name);
        }
    }

    /** This term's value in {@code values} (term name to value, as the trainer and evaluations return them). */
    public double in(Map<String, Double> values) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no loss term '" + name + "' among " + values.keySet());
        }
        return v;
    }

    @Override
    public String toString() {
        return name;
    }
}
