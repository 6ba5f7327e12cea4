package org.ae4j.core.engine.host;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ConvKernels}' gathers with the Vector API; loaded only when the JVM has {@code jdk.incubator.vector}. A copy,
 * so the values are the scalar loop's, compiled or not. (The matching scatter-add ran 2.5 times slower than the
 * scalar loop on JDK 17: its scatter is not compiled to vector instructions.)
 */
final class ConvVectors {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private ConvVectors() {
    }

    /** out[to + p] = from[base + at[p]] for p in [0, n). */
    static void gather(float[] from, int base, int[] at, float[] out, int to, int n) {
        int end = SPECIES.loopBound(n);
        int p = 0;
        for (; p < end; p += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, from, base, at, p).intoArray(out, to + p);
        }
        for (; p < n; p++) {
            out[to + p] = from[base + at[p]];
        }
    }
}
