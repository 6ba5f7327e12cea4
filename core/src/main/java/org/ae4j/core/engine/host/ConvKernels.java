package org.ae4j.core.engine.host;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.engine.Backend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D convolutions and transposed convolutions, forward and backward, as one GEMM each over the whole batch, for
 * {@link CompiledStep}: ND4J 1.0.0-M2.1's CPU build has no oneDNN, and its {@code conv2d_bp} and {@code deconv2d}
 * ran at a sixth of its own forward convolution's speed (379 and 253 ms against 62 for the same multiply-adds, on
 * {@code conv-vae-mnist}'s 32-to-64-channel layer at batch 128, one thread).
 *
 * <p>A convolution of images [B, C, H, W] by weights [kH, kW, C, C'] is the weights read as [kH·kW·C, C'],
 * transposed, times the images' columns (im2col: [kH·kW·C, B·H'·W'], one row per kernel position and channel, in the
 * weights' (r, c, channel) order, one column per output position), which gives the output channel by channel
 * [C', B·H'·W']; the backward passes are the products with the transposes, the images' gradient summed back from
 * its columns (col2im). A transposed convolution is the adjoint: its forward pass is a convolution's image
 * gradient, its input gradient a convolution's forward pass. A convolution's backward op reads the columns its
 * forward op filled in the same step. Each image's columns are filled and summed by one thread, in a fixed order,
 * so the values do not depend on the thread count beyond the products' own cuts ({@link Blas}). Float, channels
 * first, no dilation, explicit padding, weights in ND4J's default layout; anything else stays with ND4J's op.
 */
final class ConvKernels {
    private ConvKernels() {
    }

    /**
     * The geometry of a convolution from images [C, H, W] to [C', H', W'] (for a transposed convolution, of the
     * convolution it is the adjoint of: from its output back to its input).
     */
    record Geometry(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW, int padH,
                    int padW, int outChannels, int outHeight, int outWidth) {
        /** kH·kW·C: the width of a row of columns. */
        int patch() {
            return kernelH * kernelW * channels;
        }

        int outPositions() {
            return outHeight * outWidth;
        }
    }

    /**
     * The action of ND4J's {@code conv2d}, {@code conv2d_bp}, {@code deconv2d} or {@code deconv2d_bp} on {@code in}
     * into {@code out} (allocated by the caller, row-major), or null when this op is not one this class computes.
     *
     * @param outRead which of the outputs anything reads (an image gradient nobody reads is not computed)
     * @param columns the columns each forward convolution fills, by its input and geometry, for the backward op of
     *                the same step to read instead of filling them again; ops must be passed in the order they run
     */
    static Runnable of(String opName, long[] iArgs, List<INDArray> in, INDArray[] out, boolean[] outRead,
                       Map<INDArray, Map<Geometry, INDArray>> columns) {
        boolean transposed = opName.startsWith("deconv2d");
        boolean backward = opName.endsWith("_bp");
        if (!opName.equals("conv2d") && !opName.equals("conv2d_bp") && !opName.equals("deconv2d")
                && !opName.equals("deconv2d_bp")) {
            return null;
        }
        if (!Backend.hostBlas() || iArgs.length < 9 || iArgs[6] != 1 || iArgs[7] != 1 || iArgs[8] != 0
                || iArgs.length > 9 && iArgs[9] != 0 || iArgs.length > 10 && iArgs[10] != 0
                || in.size() != (backward ? 4 : 3) || out.length != (backward ? 3 : 1)) {
            return null; // dilation, "same" padding, channels last, other weight layouts, no bias
        }
        for (INDArray a : in) {
            if (a.dataType() != DataType.FLOAT || !HostBuffers.dense(a)) {
                return null;
            }
        }
        for (INDArray a : out) {
            if (a.dataType() != DataType.FLOAT || !HostBuffers.dense(a)) {
                return null;
            }
        }
        INDArray x = in.get(0);
        INDArray w = in.get(1);
        if (x.rank() != 4 || w.rank() != 4 || in.get(2).length() != w.size(3 - (transposed ? 1 : 0))) {
            return null;
        }
        // The image side and the column side: a transposed convolution's output is its convolution's input.
        INDArray image = transposed ? (backward ? in.get(3) : out[0]) : x;
        INDArray cols = transposed ? x : (backward ? in.get(3) : out[0]);
        Geometry g = new Geometry((int) image.size(1), (int) image.size(2), (int) image.size(3), (int) iArgs[0],
                (int) iArgs[1], (int) iArgs[2], (int) iArgs[3], (int) iArgs[4], (int) iArgs[5], (int) cols.size(1),
                (int) cols.size(2), (int) cols.size(3));
        // Both weight layouts read [kH, kW, C, C']: a convolution's [kH, kW, in, out], a transposed one's [kH, kW,
        // out, in], its output being the image side.
        long columnValues = image.size(0) * (long) g.outPositions() * g.patch();
        if (w.size(0) != g.kernelH() || w.size(1) != g.kernelW() || w.size(2) != g.channels()
                || w.size(3) != g.outChannels() || columnValues > Integer.MAX_VALUE
                || image.length() > Integer.MAX_VALUE) {
            return null;
        }
        if (!transposed) {
            Map<Geometry, INDArray> filled = columns.computeIfAbsent(x, a -> new HashMap<>());
            return backward ? convBackward(g, x, w, in.get(3), out, outRead, filled)
                    : convForward(g, x, w, in.get(2), out[0], filled);
        }
        return backward ? deconvBackward(g, x, w, in.get(3), out, outRead) : deconvForward(g, x, w, in.get(2), out[0]);
    }

    /** y = conv(x, w) + b: the weights' transpose times the columns of x, then one image per column block. */
    private static Runnable convForward(Geometry g, INDArray x, INDArray w, INDArray b, INDArray y,
                                        Map<Geometry, INDArray> filled) {
        int batch = (int) x.size(0);
        INDArray cols = columns(g, batch);
        filled.put(g, cols);
        INDArray yChannels = byChannel(g.outChannels(), batch, g.outPositions());
        return sequence(im2col(g, x, cols),
                Blas.gemm(w.reshape('c', g.patch(), g.outChannels()), cols, yChannels, true, false),
                fromChannels(yChannels, b, y, g.outChannels(), g.outPositions()));
    }

    /** dw = columns(x) · dyᵀ, db = Σ dy, dx = col2im(w · dy), dy read channel by channel. */
    private static Runnable convBackward(Geometry g, INDArray x, INDArray w, INDArray dy, INDArray[] out,
                                         boolean[] outRead, Map<Geometry, INDArray> filled) {
        int batch = (int) x.size(0);
        List<Runnable> steps = new ArrayList<>();
        INDArray cols = filled.get(g); // filled by the forward convolution of x earlier in the same step
        if (cols == null) {
            cols = columns(g, batch);
            steps.add(im2col(g, x, cols));
        }
        INDArray dyChannels = byChannel(g.outChannels(), batch, g.outPositions());
        INDArray w2 = w.reshape('c', g.patch(), g.outChannels());
        steps.add(toChannels(dy, dyChannels, g.outChannels(), g.outPositions()));
        steps.add(Blas.gemm(cols, dyChannels, out[1].reshape('c', g.patch(), g.outChannels()), false, true));
        steps.add(channelSums(dy, out[2], g.outChannels(), g.outPositions()));
        if (outRead[0]) {
            INDArray dCols = columns(g, batch);
            steps.add(Blas.gemm(w2, dyChannels, dCols, false, false));
            steps.add(col2im(g, dCols, out[0], null));
        }
        return sequence(steps.toArray(Runnable[]::new));
    }

    /** y = col2im(w · x) + b, x the small side [B, C', H', W'], w [kH, kW, C, C'], y [B, C, H, W]. */
    private static Runnable deconvForward(Geometry g, INDArray x, INDArray w, INDArray b, INDArray y) {
        int batch = (int) x.size(0);
        INDArray xChannels = byChannel(g.outChannels(), batch, g.outPositions());
        INDArray dCols = columns(g, batch);
        return sequence(toChannels(x, xChannels, g.outChannels(), g.outPositions()),
                Blas.gemm(w.reshape('c', g.patch(), g.outChannels()), xChannels, dCols, false, false),
                col2im(g, dCols, y, b));
    }

    /** dw = columns(dy) · xᵀ, db = Σ dy, dx = wᵀ · columns(dy), x read channel by channel. */
    private static Runnable deconvBackward(Geometry g, INDArray x, INDArray w, INDArray dy, INDArray[] out,
                                           boolean[] outRead) {
        int batch = (int) x.size(0);
        INDArray cols = columns(g, batch);
        INDArray xChannels = byChannel(g.outChannels(), batch, g.outPositions());
        INDArray w2 = w.reshape('c', g.patch(), g.outChannels());
        List<Runnable> steps = new ArrayList<>();
        steps.add(im2col(g, dy, cols));
        steps.add(toChannels(x, xChannels, g.outChannels(), g.outPositions()));
        steps.add(Blas.gemm(cols, xChannels, out[1].reshape('c', g.patch(), g.outChannels()), false, true));
        steps.add(channelSums(dy, out[2], g.channels(), g.height() * g.width()));
        if (outRead[0]) {
            INDArray dxChannels = byChannel(g.outChannels(), batch, g.outPositions());
            steps.add(Blas.gemm(w2, cols, dxChannels, true, false));
            steps.add(fromChannels(dxChannels, null, out[0], g.outChannels(), g.outPositions()));
        }
        return sequence(steps.toArray(Runnable[]::new));
    }

    /** Columns [kH·kW·C, B·H'·W']: row (r, c, channel), column (image, y', x'). */
    private static INDArray columns(Geometry g, int batch) {
        return Nd4j.createUninitialized(DataType.FLOAT, new long[] {g.patch(), (long) batch * g.outPositions()}, 'c');
    }

    /** [C, B·P]: images [B, C, P] channel by channel. */
    private static INDArray byChannel(int channels, int batch, int positions) {
        return Nd4j.createUninitialized(DataType.FLOAT, new long[] {channels, (long) batch * positions}, 'c');
    }

    /**
     * Fills the columns of images x [B, C, H, W]: cols[(r·kW + c)·C + ch, (i·H' + y')·W' + x'] = x[i, ch, y'·s − p + r,
     * x'·s − p + c], 0 in the padding. Each thread takes its own images, {@link #BLOCK} at a time, each copied into
     * a zero-bordered plane per channel on the heap so that every read is in bounds, and writes each row's values
     * for a block as one contiguous run.
     */
    private static Runnable im2col(Geometry g, INDArray x, INDArray cols) {
        int batch = (int) x.size(0);
        int plane = g.height() * g.width();
        int padded = paddedPlane(g);
        int positions = g.outPositions();
        long width = (long) batch * positions;
        int[][] reads = reads(g);
        return perImage(batch, (from, to) -> {
            FloatBuffer xb = HostBuffers.bytes(x).asFloatBuffer();
            FloatBuffer cb = HostBuffers.bytes(cols).asFloatBuffer();
            float[] image = scratch(0, plane);
            float[] bordered = scratch(1, BLOCK * g.channels() * padded);
            float[] run = scratch(2, BLOCK * positions);
            Arrays.fill(bordered, 0, BLOCK * g.channels() * padded, 0f); // the borders stay 0 through the call
            for (int first = from; first < to; first += BLOCK) {
                int n = Math.min(BLOCK, to - first);
                for (int j = 0; j < n; j++) {
                    for (int ch = 0; ch < g.channels(); ch++) {
                        xb.get(((first + j) * g.channels() + ch) * plane, image, 0, plane);
                        int to0 = (j * g.channels() + ch) * padded + g.padH() * paddedWidth(g) + g.padW();
                        for (int y = 0; y < g.height(); y++) {
                            System.arraycopy(image, y * g.width(), bordered, to0 + y * paddedWidth(g), g.width());
                        }
                    }
                }
                for (int rk = 0; rk < reads.length; rk++) {
                    int[] at = reads[rk];
                    for (int ch = 0; ch < g.channels(); ch++) {
                        for (int j = 0; j < n; j++) {
                            int base = (j * g.channels() + ch) * padded;
                            for (int p = 0, out = j * positions; p < positions; p++) {
                                run[out + p] = bordered[base + at[p]];
                            }
                        }
                        long row = (long) rk * g.channels() + ch;
                        cb.put((int) (row * width + (long) first * positions), run, 0, n * positions);
                    }
                }
            }
        }, x, cols);
    }

    /** Images per block of {@link #im2col} and {@link #col2im}. */
    private static final int BLOCK = 8;

    private static int paddedWidth(Geometry g) {
        return g.width() + 2 * g.padW();
    }

    /** A channel plane with its zero border: (H + 2p) × (W + 2p), and room for reads past it (a floored tiling). */
    private static int paddedPlane(Geometry g) {
        return (g.height() + 2 * g.padH() + g.kernelH()) * paddedWidth(g);
    }

    /** For each kernel position r·kW + k, where output position y'·W' + x' reads in a bordered plane. */
    private static int[][] reads(Geometry g) {
        int[][] reads = new int[g.kernelH() * g.kernelW()][g.outPositions()];
        for (int r = 0; r < g.kernelH(); r++) {
            for (int k = 0; k < g.kernelW(); k++) {
                for (int oy = 0; oy < g.outHeight(); oy++) {
                    for (int ox = 0; ox < g.outWidth(); ox++) {
                        int column = ox * g.strideW() + k;
                        // a kernel narrower than its stride may read past the border's right edge: clamp into it
                        reads[r * g.kernelW() + k][oy * g.outWidth() + ox] = (oy * g.strideH() + r) * paddedWidth(g)
                                + Math.min(column, paddedWidth(g) - 1);
                    }
                }
            }
        }
        return reads;
    }

    /**
     * Overwrites images x [B, C, H, W] with the sum of their columns' entries at each pixel (the adjoint of
     * {@link #im2col}), plus {@code bias[ch]} when not null; each thread its own images, rows in order, summed in a
     * bordered plane whose border is then dropped.
     */
    private static Runnable col2im(Geometry g, INDArray cols, INDArray x, INDArray bias) {
        int batch = (int) x.size(0);
        int plane = g.height() * g.width();
        int padded = paddedPlane(g);
        int positions = g.outPositions();
        long width = (long) batch * positions;
        int[][] reads = reads(g);
        return perImage(batch, (from, to) -> {
            FloatBuffer xb = HostBuffers.bytes(x).asFloatBuffer();
            FloatBuffer cb = HostBuffers.bytes(cols).asFloatBuffer();
            FloatBuffer bb = bias == null ? null : HostBuffers.bytes(bias).asFloatBuffer();
            float[] image = scratch(0, plane);
            float[] bordered = scratch(1, BLOCK * g.channels() * padded);
            float[] run = scratch(2, BLOCK * positions);
            for (int first = from; first < to; first += BLOCK) {
                int n = Math.min(BLOCK, to - first);
                Arrays.fill(bordered, 0, BLOCK * g.channels() * padded, 0f);
                for (int rk = 0; rk < reads.length; rk++) {
                    int[] at = reads[rk];
                    for (int ch = 0; ch < g.channels(); ch++) {
                        long row = (long) rk * g.channels() + ch;
                        cb.get((int) (row * width + (long) first * positions), run, 0, n * positions);
                        for (int j = 0; j < n; j++) {
                            int base = (j * g.channels() + ch) * padded;
                            for (int p = 0, in = j * positions; p < positions; p++) {
                                bordered[base + at[p]] += run[in + p];
                            }
                        }
                    }
                }
                for (int j = 0; j < n; j++) {
                    for (int ch = 0; ch < g.channels(); ch++) {
                        float add = bb == null ? 0f : bb.get(ch);
                        int from0 = (j * g.channels() + ch) * padded + g.padH() * paddedWidth(g) + g.padW();
                        for (int y = 0; y < g.height(); y++) {
                            for (int c = 0; c < g.width(); c++) {
                                image[y * g.width() + c] = bordered[from0 + y * paddedWidth(g) + c] + add;
                            }
                        }
                        xb.put(((first + j) * g.channels() + ch) * plane, image, 0, plane);
                    }
                }
            }
        }, cols, x, bias);
    }

    /** images [B, C, P] to [C, B·P]: each image's channel planes copied to their channel's row. */
    private static Runnable toChannels(INDArray images, INDArray channels, int c, int positions) {
        int batch = (int) images.size(0);
        return perImage(batch, (from, to) -> {
            FloatBuffer src = HostBuffers.bytes(images).asFloatBuffer();
            FloatBuffer dst = HostBuffers.bytes(channels).asFloatBuffer();
            for (int i = from; i < to; i++) {
                for (int ch = 0; ch < c; ch++) {
                    dst.put(ch * batch * positions + i * positions, src, (i * c + ch) * positions, positions);
                }
            }
        }, images, channels);
    }

    /** The inverse of {@link #toChannels}, adding {@code bias[ch]} (when not null) to each channel. */
    private static Runnable fromChannels(INDArray channels, INDArray bias, INDArray images, int c, int positions) {
        int batch = (int) images.size(0);
        return perImage(batch, (from, to) -> {
            FloatBuffer src = HostBuffers.bytes(channels).asFloatBuffer();
            FloatBuffer dst = HostBuffers.bytes(images).asFloatBuffer();
            FloatBuffer bb = bias == null ? null : HostBuffers.bytes(bias).asFloatBuffer();
            float[] segment = scratch(2, positions);
            for (int i = from; i < to; i++) {
                for (int ch = 0; ch < c; ch++) {
                    int s = ch * batch * positions + i * positions;
                    int d = (i * c + ch) * positions;
                    if (bb == null) {
                        dst.put(d, src, s, positions);
                    } else {
                        float add = bb.get(ch);
                        src.get(s, segment, 0, positions);
                        for (int p = 0; p < positions; p++) {
                            segment[p] += add;
                        }
                        dst.put(d, segment, 0, positions);
                    }
                }
            }
        }, channels, images, bias);
    }

    /** {@code sums[ch] = Σ_{i, p} dy[i, ch, p]}, images and positions in order: a bias's gradient. */
    private static Runnable channelSums(INDArray dy, INDArray sums, int channels, int positions) {
        int batch = (int) dy.size(0);
        return () -> {
            FloatBuffer d = HostBuffers.bytes(dy).asFloatBuffer();
            FloatBuffer s = HostBuffers.bytes(sums).asFloatBuffer();
            float[] plane = scratch(0, positions);
            for (int ch = 0; ch < channels; ch++) {
                float total = 0f;
                for (int i = 0; i < batch; i++) {
                    d.get((i * channels + ch) * positions, plane, 0, positions);
                    for (int p = 0; p < positions; p++) {
                        total += plane[p];
                    }
                }
                s.put(ch, total);
            }
            Reference.reachabilityFence(dy);
            Reference.reachabilityFence(sums);
        };
    }

    /** Each thread's working arrays, reused from call to call, so that a training step allocates nothing. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    /** The calling thread's working array {@code slot} (0 to 2), at least {@code length} long; its values are stale. */
    private static float[] scratch(int slot, int length) {
        float[][] arrays = SCRATCH.get();
        if (arrays[slot].length < length) {
            arrays[slot] = new float[length];
        }
        return arrays[slot];
    }

    /** Images [0, n) cut into one contiguous range per thread of {@link Parallel}. */
    private static Runnable perImage(int n, Parallel.Range work, INDArray... keep) {
        int parts = Math.min(n, Parallel.threads());
        return () -> {
            Parallel.range(n, 1, parts, work);
            Reference.reachabilityFence(keep);
        };
    }

    private static Runnable sequence(Runnable... steps) {
        return () -> {
            for (Runnable s : steps) {
                s.run();
            }
        };
    }
}
