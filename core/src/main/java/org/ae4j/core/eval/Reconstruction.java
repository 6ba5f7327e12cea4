package org.ae4j.core.eval;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reconstruction metrics on plain arrays, outside any model. */
public final class Reconstruction {
    private Reconstruction() {
    }

    /**
     * The lecture's error: the mean over rows of the sum over columns of squared differences, e.g. per
     * test image the sum over 784 pixels. Reduced in DOUBLE, because ND4J's FLOAT reductions drift over
     * millions of elements.
     *
     * @param reconstruction [N, D]; @param x [N, D]
     */
    public static double squaredError(INDArray reconstruction, INDArray x) {
        if (!Arrays.equals(reconstruction.shape(), x.shape())) {
            throw new IllegalArgumentException("reconstruction " + Arrays.toString(reconstruction.shape())
                    + " and data " + Arrays.toString(x.shape()) + " differ in shape");
        }
        INDArray d = reconstruction.castTo(DataType.DOUBLE).sub(x.castTo(DataType.DOUBLE));
        return d.muli(d).sum(1).meanNumber().doubleValue();
    }
}
