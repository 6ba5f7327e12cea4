package org.ae4j.core.nn;

import java.util.Arrays;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** How a block's parameters are made: reused by name when the block is applied again, else drawn once. */
final class Parameters {
    private Parameters() {
    }

    /** The existing variable {@code name}, checked to have {@code shape}, or a new one from {@code init}. */
    static SDVariable reuseOrCreate(SameDiff sd, String name, long[] shape, Supplier<INDArray> init) {
        if (!sd.hasVariable(name)) {
            return sd.var(name, init.get());
        }
        SDVariable v = sd.getVariable(name);
        long[] existing = v.getArr().shape();
        if (!Arrays.equals(existing, shape)) {
            throw new IllegalArgumentException("parameter '" + name + "' exists with shape " + Arrays.toString(existing)
                    + ", not " + Arrays.toString(shape));
        }
        return v;
    }
}
