package org.ae4j.core.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.engine.Backend;
import org.ae4j.core.random.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** The host convolutions against ND4J's own ops on the same arrays, forward and backward, on one and two threads. */
class ConvKernelsTest {

    @AfterEach
    void restore() {
        Backend.configure(Backend.defaultThreads());
    }

    /**
     * A convolution from C × H × W and the transposed one back, each op's values (and every gradient) against
     * ND4J's within float rounding.
     */
    @ParameterizedTest
    @CsvSource({
            "3, 5, 28, 28, 4, 2, 1, 7, 1",   // conv-vae-mnist's layers
            "2, 1, 19, 19, 3, 2, 0, 4, 2",   // conv-vae-faces': an odd side, no padding
            "3, 2, 6, 9, 3, 1, 1, 3, 2",     // stride 1, a rectangle
            "2, 3, 7, 7, 2, 3, 1, 2, 1"})    // a kernel narrower than its stride
    void matchNd4jsOps(int batch, int channels, int height, int width, int kernel, int stride, int pad, int out,
                       int threads) {
        Backend.configure(threads);
        Rng rng = Rng.seeded(7);
        int oh = (height + 2 * pad - kernel) / stride + 1;
        int ow = (width + 2 * pad - kernel) / stride + 1;
        INDArray image = gaussian(rng, batch, channels, height, width);
        INDArray small = gaussian(rng, batch, out, oh, ow);
        INDArray w = gaussian(rng, kernel, kernel, channels, out);
        long[] args = {kernel, kernel, stride, stride, pad, pad, 1, 1, 0, 0, 0};

        // conv2d: image -> small; conv2d_bp takes the small side's gradient, and reads the columns its forward op
        // filled when it shares their map, as in a compiled step
        INDArray bias = gaussian(rng, out);
        compare("conv2d", args, List.of(image, w, bias), 1, fresh());
        compare("conv2d_bp", args, List.of(image, w, bias, small), 3, fresh());
        Map<INDArray, Map<ConvKernels.Geometry, INDArray>> shared = fresh();
        compare("conv2d", args, List.of(image, w, bias), 1, shared);
        compare("conv2d_bp", args, List.of(image, w, bias, small), 3, shared);
        assertEquals(1, shared.get(image).size());
        // deconv2d: small -> image, weights [k, k, C_out, C_in] = [k, k, channels, out]
        long[] deArgs = args.clone();
        INDArray deconvOut = Nd4j.exec(op("deconv2d", deArgs, List.of(small, w, gaussian(rng, channels))))[0];
        if (!Arrays.equals(deconvOut.shape(), image.shape())) {
            return; // ND4J's transposed convolution does not give this image back (the kernel leaves a remainder)
        }
        compare("deconv2d", deArgs, List.of(small, w, gaussian(rng, channels)), 1, fresh());
        compare("deconv2d_bp", deArgs, List.of(small, w, gaussian(rng, channels), image), 3, fresh());
    }

    @Test
    void leavesOtherSettingsToNd4j() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 6, 6);
        INDArray w = Nd4j.rand(DataType.FLOAT, 3, 3, 1, 2);
        INDArray b = Nd4j.rand(DataType.FLOAT, 2);
        INDArray[] out = {Nd4j.createUninitialized(DataType.FLOAT, new long[] {2, 2, 4, 4}, 'c')};
        boolean[] read = {true};
        long[] plain = {3, 3, 1, 1, 0, 0, 1, 1, 0, 0, 0};
        assertNotNull(ConvKernels.of("conv2d", plain, List.of(x, w, b), out, read, fresh()));
        assertNull(ConvKernels.of("conv2d", new long[] {3, 3, 1, 1, 0, 0, 2, 2, 0, 0, 0}, List.of(x, w, b), out, read,
                fresh()), "dilation");
        assertNull(ConvKernels.of("conv2d", new long[] {3, 3, 1, 1, 0, 0, 1, 1, 1, 0, 0}, List.of(x, w, b), out, read,
                fresh()), "same padding");
        assertNull(ConvKernels.of("conv2d", new long[] {3, 3, 1, 1, 0, 0, 1, 1, 0, 1, 0}, List.of(x, w, b), out, read,
                fresh()), "channels last");
        assertNull(ConvKernels.of("conv2d", plain, List.of(x.castTo(
                DataType.DOUBLE), w.castTo(DataType.DOUBLE), b.castTo(DataType.DOUBLE)), out, read, fresh()), "double");
        assertNull(ConvKernels.of("conv3dnew", plain, List.of(x, w, b), out, read, fresh()));
    }

    /** Runs {@code name} both ways into fresh arrays of ND4J's output shapes and compares every output. */
    private static void compare(String name, long[] args, List<INDArray> in, int outputs,
                                Map<INDArray, Map<ConvKernels.Geometry, INDArray>> columns) {
        INDArray[] expected = Nd4j.exec(op(name, args, in));
        assertEquals(outputs, expected.length, name);
        INDArray[] actual = Arrays.stream(expected).map(e -> Nd4j.createUninitialized(DataType.FLOAT, e.shape(), 'c')
                .assign(Float.NaN)).toArray(INDArray[]::new);
        boolean[] read = new boolean[outputs];
        Arrays.fill(read, true);
        Runnable host = ConvKernels.of(name, args, in, actual, read, columns);
        assertNotNull(host, name);
        host.run();
        host.run(); // a second run overwrites, it does not accumulate
        for (int i = 0; i < outputs; i++) {
            assertArrayEquals(expected[i].shape(), actual[i].shape(), name + " output " + i);
            double scale = Math.max(1e-6, expected[i].norm2Number().doubleValue());
            double error = expected[i].sub(actual[i]).norm2Number().doubleValue();
            assertTrue(error / scale < 1e-5, name + " output " + i + ": relative error " + error / scale);
        }
    }

    private static Map<INDArray, Map<ConvKernels.Geometry, INDArray>> fresh() {
        return new IdentityHashMap<>();
    }

    private static DynamicCustomOp op(String name, long[] args, List<INDArray> in) {
        return DynamicCustomOp.builder(name).addInputs(in.toArray(INDArray[]::new))
                .addIntegerArguments(Arrays.stream(args).mapToInt(Math::toIntExact).toArray()).build();
    }

    private static INDArray gaussian(Rng rng, long... shape) {
        float[] v = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        rng.fillGaussian(v);
        return Nd4j.create(v, shape, 'c');
    }
}
