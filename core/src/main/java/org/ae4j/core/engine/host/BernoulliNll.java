package org.ae4j.core.engine.host;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mean over rows of {@code −log p(x | l)} under independent Bernoullis with logits l [R, D], row r scored
 * against row r / S of the targets x [R / S, D] (S decoded samples per example):
 * {@code (1/R) Σ_r Σ_d [softplus(l_rd) − x_(r/S)d l_rd]}. This is {@link org.ae4j.core.model.Autoencoder}'s loss
 * (S = 1) and the reconstruction term of {@link org.ae4j.core.model.Vae}'s ELBO, as a {@link FusedTerm}: one
 * {@link BernoulliKernels#crossEntropy} pass per row gives the value and leaves the gradient {@code (σ(l) − x)/R},
 * where the graph's ops take about twenty passes over [R, D] forward and backward; {@link Parallel}'s threads share
 * the rows. FLOAT only.
 */
final class BernoulliNll implements FusedTerm {
    /** Row blocks that {@link Parallel}'s threads take in turn. */
    private static final int ROW_BLOCKS = 8;
    private final String logits;
    private final String target;
    private final int samples;
    private final String output;
    private INDArray gradient;
    private double[] rowSums = new double[0];

    BernoulliNll(String logits, String target, int samples, String output) {
        if (samples < 1) {
            throw new IllegalArgumentException("need at least one sample per target row, got " + samples);
        }
        this.logits = logits;
        this.target = target;
        this.samples = samples;
        this.output = output;
    }

    @Override
    public String input() {
        return logits;
    }

    @Override
    public String output() {
        return output;
    }

    @Override
    public List<String> reads() {
        return List.of(target);
    }

    @Override
    public double forward(INDArray l, List<INDArray> reads) {
        INDArray x = reads.get(0);
        checkDense(l, "logits");
        checkDense(x, "targets");
        int rows = (int) l.rows();
        int d = (int) l.columns();
        if (x.rows() * samples != rows || x.columns() != d) {
            throw new IllegalArgumentException("logits " + Arrays.toString(l.shape()) + " do not hold " + samples
                    + " rows per target row of " + Arrays.toString(x.shape()));
        }
        if (gradient == null || !Arrays.equals(gradient.shape(), l.shape())) {
            gradient = Nd4j.createUninitialized(DataType.FLOAT, l.shape(), 'c');
        }
        if (rowSums.length != rows) {
            rowSums = new double[rows];
        }
        ByteBuffer lb = HostBuffers.bytes(l);
        ByteBuffer xb = HostBuffers.bytes(x);
        ByteBuffer gb = HostBuffers.bytes(gradient);
        Parallel.range(rows, 1, ROW_BLOCKS, (from, to) -> {
            for (int r = from; r < to; r++) {
                rowSums[r] = BernoulliKernels.crossEntropy(lb, r * d, xb, r / samples * d, gb, r * d, d, 1f / rows);
            }
        });
        double sum = 0;
        for (double s : rowSums) { // in row order, whichever threads made the rows
            sum += s;
        }
        return sum / rows;
    }

    /**
     * Copies the gradient left by {@link #forward}, times {@code upstream}, in the forward pass's row blocks: the
     * thread that wrote a block in the forward pass (see {@link Parallel}) copies it, where one thread's copy of
     * [128, 784] took 164 µs when the host placed the two vCPUs far apart, against 30 µs close.
     */
    @Override
    public void backward(double upstream, INDArray grad) {
        checkDense(grad, "gradient");
        if (gradient == null || !Arrays.equals(grad.shape(), gradient.shape())) {
            throw new IllegalArgumentException("gradient " + Arrays.toString(grad.shape()) + " does not match the last"
                    + " forward pass's logits " + (gradient == null ? "(none yet)" : Arrays.toString(gradient.shape())));
        }
        ByteBuffer from = HostBuffers.bytes(gradient);
        ByteBuffer to = HostBuffers.bytes(grad);
        int d = (int) grad.columns();
        float scale = (float) upstream;
        Parallel.range((int) grad.rows(), 1, ROW_BLOCKS, (r0, r1) -> {
            int at = r0 * d * Float.BYTES;
            int bytes = (r1 - r0) * d * Float.BYTES;
            if (scale == 1f) {
                to.put(at, from, at, bytes);
            } else {
                for (int i = at; i < at + bytes; i += Float.BYTES) {
                    to.putFloat(i, scale * from.getFloat(i));
                }
            }
        });
    }

    private static void checkDense(INDArray a, String what) {
        if (a.dataType() != DataType.FLOAT || a.rank() != 2 || !HostBuffers.dense(a)) {
            throw new IllegalArgumentException("the fused Bernoulli likelihood needs dense row-major FLOAT [R, D] "
                    + what + ", got " + a.dataType() + " " + Arrays.toString(a.shape()) + " '" + a.ordering() + "'");
        }
    }
}
