package org.ae4j.core.loss;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A loss as named scalar terms: the {@code total} that is minimized, plus its parts (for example
 * reconstruction and KL), each a mean over the examples of a batch. Logging, evaluation and plots
 * read the terms generically by name.
 *
 * @param total the scalar objective
 * @param parts named scalar parts in display order (may be empty); the name "total" is reserved
 */
public record LossTerms(SDVariable total, Map<String, SDVariable> parts) {
    public static final String TOTAL = "total";

    public LossTerms {
        if (total == null) {
            throw new IllegalArgumentException("a loss needs a total");
        }
        if (parts.containsKey(TOTAL)) {
            throw new IllegalArgumentException("'" + TOTAL + "' is reserved for the total loss");
        }
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /** A loss with no parts besides the total. */
    public static LossTerms of(SDVariable total) {
        return new LossTerms(total, Map.of());
    }

    /** Term names, total first, then the parts in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(TOTAL);
        names.addAll(parts.keySet());
        return names;
    }

    /** The graph variable of a term named as in {@link #names()}. */
    public SDVariable variable(String name) {
        SDVariable v = TOTAL.equals(name) ? total : parts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no loss term '" + name + "'; terms are " + names());
        }
        return v;
    }
}
