package org.ae4j.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Strided 2-D convolutions and transposed convolutions over rows read as images, channels first: [B, C·H·W] to
 * [B, C'·H'·W']. Each layer's output is computed when the stack is built, (H + 2p − k) / s + 1 for a convolution, whose
 * division must be exact, and (H − 1) s − 2p + k for a transposed one, so a stack that does not fit its input is refused
 * with the layer named. Weights are [k, k, C_in, C_out] for a convolution and [k, k, C_out, C_in] for a transposed
 * one, biases [C_out]; every layer but the last is followed by {@code hidden}, the last by {@code output}.
 *
 * @param input  the images the rows hold
 * @param layers from the input, at least one
 */
public record ConvStack(ImageShape input, List<Layer> layers, Activation hidden, Activation output) implements Block {

    /** C × H × W images. */
    public record ImageShape(int channels, int height, int width) {
        public ImageShape {
            if (channels < 1 || height < 1 || width < 1) {
                throw new IllegalArgumentException("an image needs C, H, W >= 1, got " + channels + " x " + height
                        + " x " + width);
            }
        }

        /** C·H·W, the values of one row. */
        public int size() {
            return Math.multiplyExact(channels, Math.multiplyExact(height, width));
        }

        @Override
        public String toString() {
            return channels + " x " + height + " x " + width;
        }
    }

    /**
     * One layer: {@code channels} output channels, a square kernel, its stride and zero padding.
     *
     * @param transposed a transposed convolution (up-sampling by its stride) rather than a strided one
     */
    public record Layer(int channels, int kernel, int stride, int padding, boolean transposed) {
        public Layer {
            if (channels < 1 || kernel < 1 || stride < 1 || padding < 0) {
                throw new IllegalArgumentException("a convolution needs channels, kernel and stride >= 1 and padding "
                        + ">= 0, got " + channels + ", " + kernel + ", " + stride + ", " + padding);
            }
        }

        /** A strided convolution. */
        public static Layer conv(int channels, int kernel, int stride, int padding) {
            return new Layer(channels, kernel, stride, padding, false);
        }

        /** A transposed convolution. */
        public static Layer up(int channels, int kernel, int stride, int padding) {
            return new Layer(channels, kernel, stride, padding, true);
        }

        /** What this layer makes of {@code in}, or a one-line refusal naming {@code which} layer. */
        ImageShape output(ImageShape in, int which) {
            return new ImageShape(channels, side(in.height(), "height", which, in), side(in.width(), "width", which, in));
        }

        private int side(int n, String what, int which, ImageShape in) {
            if (transposed) {
                int out = (n - 1) * stride - 2 * padding + kernel;
                if (out < 1) {
                    throw new IllegalArgumentException("layer " + which + " (" + this + ") leaves no " + what + " of "
                            + in);
                }
                return out;
            }
            int span = n + 2 * padding - kernel;
            if (span < 0 || span % stride != 0) {
                throw new IllegalArgumentException("layer " + which + " (" + this + ") does not tile the " + what + " "
                        + n + " of " + in + ": (" + n + " + 2·" + padding + " − " + kernel + ") / " + stride
                        + " is not a whole number");
            }
            return span / stride + 1;
        }

        @Override
        public String toString() {
            return (transposed ? "transposed " : "") + "conv " + channels + " channels, kernel " + kernel + ", stride "
                    + stride + ", padding " + padding;
        }
    }

    public ConvStack {
        layers = List.copyOf(layers);
        if (input == null || layers.isEmpty() || hidden == null || output == null) {
            throw new IllegalArgumentException("a convolution stack needs an input shape, a layer and two activations");
        }
        shapes(input, layers); // refuses layers that do not fit
    }

    /** The input's shape, then each layer's output. */
    public List<ImageShape> shapes() {
        return shapes(input, layers);
    }

    /**
     * The decoder's half of this stack: transposed convolutions that undo its layers in reverse order, from its output
     * shape back to its input's height and width with {@code channels} channels (e.g. 2 for a Gaussian's mean and
     * log-variance planes). Exact because each convolution here tiles its input: (h − 1) s − 2p + k gives H back.
     */
    public ConvStack mirrored(int channels, Activation hidden, Activation output) {
        List<ImageShape> shapes = shapes();
        List<Layer> up = new ArrayList<>();
        for (int l = layers.size() - 1; l >= 0; l--) {
            Layer layer = layers.get(l);
            if (layer.transposed()) {
                throw new IllegalArgumentException("only a stack of strided convolutions can be mirrored; layer " + l
                        + " is a " + layer);
            }
            up.add(Layer.up(l == 0 ? channels : shapes.get(l).channels(), layer.kernel(), layer.stride(),
                    layer.padding()));
        }
        return new ConvStack(shapes.get(shapes.size() - 1), up, hidden, output);
    }

    private static List<ImageShape> shapes(ImageShape input, List<Layer> layers) {
        List<ImageShape> shapes = new ArrayList<>(List.of(input));
        for (int i = 0; i < layers.size(); i++) {
            shapes.add(layers.get(i).output(shapes.get(i), i));
        }
        return shapes;
    }

    @Override
    public int inputSize() {
        return input.size();
    }

    @Override
    public int outputSize() {
        List<ImageShape> shapes = shapes();
        return shapes.get(shapes.size() - 1).size();
    }

    @Override
    public SDVariable apply(SameDiff sd, String scope, SDVariable x, Rng rng) {
        List<ImageShape> shapes = shapes();
        SDVariable h = x.reshape(-1, input.channels(), input.height(), input.width());
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            int in = shapes.get(l).channels();
            int out = layer.channels();
            int k = layer.kernel();
            Activation act = l + 1 == layers.size() ? output : hidden;
            long[] shape = layer.transposed() ? new long[] {k, k, out, in} : new long[] {k, k, in, out};
            int fanIn = k * k * in;
            int fanOut = k * k * out;
            SDVariable w = Parameters.reuseOrCreate(sd, scope + "/w" + l, shape, () -> act.prefersHeInit()
                    ? Init.heNormal(rng, fanIn, shape, x.dataType())
                    : Init.glorotUniform(rng, fanIn, fanOut, shape, x.dataType()));
            SDVariable b = Parameters.reuseOrCreate(sd, scope + "/b" + l, new long[] {out},
                    () -> Nd4j.zeros(x.dataType(), out));
            SDVariable z = layer.transposed()
                    ? sd.cnn().deconv2d(h, w, b, DeConv2DConfig.builder().kH(k).kW(k).sH(layer.stride())
                            .sW(layer.stride()).pH(layer.padding()).pW(layer.padding()).dataFormat("NCHW").build())
                    : sd.cnn().conv2d(h, w, b, Conv2DConfig.builder().kH(k).kW(k).sH(layer.stride())
                            .sW(layer.stride()).pH(layer.padding()).pW(layer.padding()).dataFormat("NCHW").build());
            h = act.apply(sd, z);
        }
        return h.reshape(-1, outputSize());
    }
}
