package org.ae4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ae4j.core.nn.ConvStack.ImageShape;
import org.ae4j.core.nn.ConvStack.Layer;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Convolution stacks: shapes at build time, values against a direct loop, gradients by finite differences. */
class ConvStackTest {

    @Test
    void shapesAreComputedWhenBuiltAndMisfitLayersAreRefused() {
        ConvStack down = new ConvStack(new ImageShape(1, 28, 28),
                List.of(Layer.conv(32, 4, 2, 1), Layer.conv(64, 4, 2, 1)), Activation.RELU, Activation.RELU);
        assertEquals(List.of(new ImageShape(1, 28, 28), new ImageShape(32, 14, 14), new ImageShape(64, 7, 7)),
                down.shapes());
        assertEquals(784, down.inputSize());
        assertEquals(3136, down.outputSize());
        ConvStack up = new ConvStack(new ImageShape(64, 7, 7), List.of(Layer.up(32, 4, 2, 1), Layer.up(1, 4, 2, 1)),
                Activation.RELU, Activation.IDENTITY);
        assertEquals(new ImageShape(1, 28, 28), up.shapes().get(2));
        assertEquals("layer 0 (conv 8 channels, kernel 3, stride 2, padding 0) does not tile the height 28 of "
                + "1 x 28 x 28: (28 + 2·0 − 3) / 2 is not a whole number", assertThrows(IllegalArgumentException.class,
                () -> new ConvStack(new ImageShape(1, 28, 28), List.of(Layer.conv(8, 3, 2, 0)), Activation.RELU,
                        Activation.RELU)).getMessage());
        assertEquals("layer 1 (conv 4 channels, kernel 5, stride 1, padding 0) does not tile the height 3 of "
                + "2 x 3 x 3: (3 + 2·0 − 5) / 1 is not a whole number", assertThrows(IllegalArgumentException.class,
                () -> new ConvStack(new ImageShape(1, 5, 5), List.of(Layer.conv(2, 3, 1, 0), Layer.conv(4, 5, 1, 0)),
                        Activation.RELU, Activation.RELU)).getMessage());
    }

    @Test
    void mirroringUndoesEachLayerBackToTheInputShape() {
        ConvStack faces = new ConvStack(new ImageShape(1, 19, 19), List.of(Layer.conv(32, 3, 2, 0),
                Layer.conv(64, 3, 2, 0)), Activation.RELU, Activation.RELU);
        ConvStack up = faces.mirrored(2, Activation.RELU, Activation.IDENTITY);
        assertEquals(List.of(Layer.up(32, 3, 2, 0), Layer.up(2, 3, 2, 0)), up.layers());
        assertEquals(List.of(new ImageShape(64, 4, 4), new ImageShape(32, 9, 9), new ImageShape(2, 19, 19)),
                up.shapes());
        assertEquals(Activation.IDENTITY, up.output());
        assertEquals("only a stack of strided convolutions can be mirrored; layer 0 is a transposed conv 1 channels, "
                + "kernel 4, stride 2, padding 1", assertThrows(IllegalArgumentException.class,
                () -> new ConvStack(new ImageShape(64, 7, 7), List.of(Layer.up(1, 4, 2, 1)), Activation.RELU,
                        Activation.IDENTITY).mirrored(1, Activation.RELU, Activation.IDENTITY)).getMessage());
    }

    /** Both layer kinds against the textbook loops, with channels in and out so the weight layouts matter. */
    @Test
    void valuesMatchDirectLoops() {
        ImageShape in = new ImageShape(2, 5, 5);
        for (Layer layer : List.of(Layer.conv(3, 3, 2, 1), Layer.up(3, 3, 2, 1))) {
            ConvStack stack = new ConvStack(in, List.of(layer), Activation.IDENTITY, Activation.IDENTITY);
            SameDiff sd = SameDiff.create();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, in.size());
            SDVariable out = stack.apply(sd, "s", sd.constant(x), Rng.seeded(3));
            INDArray w = sd.getVariable("s/w0").getArr();
            sd.getVariable("s/b0").getArr().assign(Nd4j.createFromArray(0.1, -0.2, 0.3));
            INDArray b = sd.getVariable("s/b0").getArr();
            double[] want = layer.transposed() ? transposedLoop(x, in, w, b, layer) : convLoop(x, in, w, b, layer);
            assertArrayEquals(want, out.eval().reshape(-1).toDoubleVector(), 1e-12, layer.toString());
        }
    }

    /** out[n, o, i, j] = b[o] + Σ_c,u,v x[n, c, i·s + u − p, j·s + v − p] · w[u, v, c, o]. */
    private static double[] convLoop(INDArray x, ImageShape in, INDArray w, INDArray b, Layer l) {
        ImageShape o = l.output(in, 0);
        double[] out = new double[(int) x.rows() * o.size()];
        for (int n = 0; n < x.rows(); n++) {
            for (int oc = 0; oc < o.channels(); oc++) {
                for (int i = 0; i < o.height(); i++) {
                    for (int j = 0; j < o.width(); j++) {
                        double sum = b.getDouble(oc);
                        for (int c = 0; c < in.channels(); c++) {
                            for (int u = 0; u < l.kernel(); u++) {
                                for (int v = 0; v < l.kernel(); v++) {
                                    int r = i * l.stride() + u - l.padding();
                                    int q = j * l.stride() + v - l.padding();
                                    if (r >= 0 && r < in.height() && q >= 0 && q < in.width()) {
                                        sum += pixel(x, in, n, c, r, q) * w.getDouble(u, v, c, oc);
                                    }
                                }
                            }
                        }
                        out[index(o, n, oc, i, j)] = sum;
                    }
                }
            }
        }
        return out;
    }

    /** out[n, o, i·s + u − p, j·s + v − p] += x[n, c, i, j] · w[u, v, o, c], plus b[o] everywhere. */
    private static double[] transposedLoop(INDArray x, ImageShape in, INDArray w, INDArray b, Layer l) {
        ImageShape o = l.output(in, 0);
        double[] out = new double[(int) x.rows() * o.size()];
        for (int n = 0; n < x.rows(); n++) {
            for (int oc = 0; oc < o.channels(); oc++) {
                for (int r = 0; r < o.height(); r++) {
                    for (int q = 0; q < o.width(); q++) {
                        out[index(o, n, oc, r, q)] = b.getDouble(oc);
                    }
                }
                for (int c = 0; c < in.channels(); c++) {
                    for (int i = 0; i < in.height(); i++) {
                        for (int j = 0; j < in.width(); j++) {
                            for (int u = 0; u < l.kernel(); u++) {
                                for (int v = 0; v < l.kernel(); v++) {
                                    int r = i * l.stride() + u - l.padding();
                                    int q = j * l.stride() + v - l.padding();
                                    if (r >= 0 && r < o.height() && q >= 0 && q < o.width()) {
                                        out[index(o, n, oc, r, q)] += pixel(x, in, n, c, i, j)
                                                * w.getDouble(u, v, oc, c);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static double pixel(INDArray rows, ImageShape s, int n, int c, int i, int j) {
        return rows.getDouble(n, (c * s.height() + i) * s.width() + j);
    }

    private static int index(ImageShape s, int n, int c, int i, int j) {
        return n * s.size() + (c * s.height() + i) * s.width() + j;
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        ConvStack down = new ConvStack(new ImageShape(1, 5, 5), List.of(Layer.conv(2, 3, 2, 1), Layer.conv(3, 3, 1, 1)),
                Activation.TANH, Activation.TANH);
        ConvStack up = new ConvStack(new ImageShape(3, 3, 3), List.of(Layer.up(2, 4, 2, 1)), Activation.TANH,
                Activation.IDENTITY);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 25);
        SDVariable y = up.apply(sd, "up", down.apply(sd, "down", x, Rng.seeded(1)), Rng.seeded(2));   // [B, 2·6·6]
        SDVariable target = sd.placeHolder("t", DataType.DOUBLE, -1, 72);
        sd.setLossVariables(y.sub(target).mul(y.sub(target)).mean().rename("loss"));
        Map<String, INDArray> feed = Map.of("x", Nd4j.rand(DataType.DOUBLE, 2, 25), "t", Nd4j.rand(DataType.DOUBLE, 2, 72));
        assertTrue(GradientCheck.passes(sd, feed));
    }
}
