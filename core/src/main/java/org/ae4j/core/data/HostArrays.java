package org.ae4j.core.data;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Values moved between Java and ND4J arrays in bulk. Values built in Java become arrays of the model's type by one
 * bulk copy. {@code Nd4j.create(double[], shape, 'c').castTo(FLOAT)} copies element by element and then casts:
 * 400-830 µs for 83k values (a QM9 batch's [288, 288] relation matrix, several per training step) against
 * 70-210 µs this way. The values are the same: Java's {@code (float)} and ND4J's cast both round to nearest.
 */
public final class HostArrays {
    private HostArrays() {
    }

    /** {@code values} in row-major order as an array of {@code shape} and {@code type} (FLOAT, DOUBLE or another). */
    public static INDArray of(double[] values, long[] shape, DataType type) {
        long length = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (values.length != length) {
            throw new IllegalArgumentException(values.length + " values do not fill shape " + Arrays.toString(shape));
        }
        long[] strides = Nd4j.getStrides(shape, 'c');
        return switch (type) {
            case DOUBLE -> Nd4j.create(Nd4j.createBuffer(values), shape, strides, 0, 'c', DataType.DOUBLE);
            case FLOAT -> {
                float[] f = new float[values.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) values[i];
                }
                yield Nd4j.create(Nd4j.createBuffer(f), shape, strides, 0, 'c', DataType.FLOAT);
            }
            default -> Nd4j.create(values, shape, 'c').castTo(type);
        };
    }
}
