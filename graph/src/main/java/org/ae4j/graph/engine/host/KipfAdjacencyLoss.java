package org.ae4j.graph.engine.host;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.ae4j.core.engine.host.BernoulliKernels;
import org.ae4j.core.engine.host.Blas;
import org.ae4j.core.engine.host.FusedTerm;
import org.ae4j.core.engine.host.HostBuffers;
import org.ae4j.core.engine.host.Parallel;
import org.ae4j.graph.data.Graph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link org.ae4j.graph.model.GraphAutoencoder}'s weighted adjacency loss ({@link org.ae4j.graph.model.AdjacencyCrossEntropy})
 * as a {@link FusedTerm}: from the edge embedding H [N, K] to
 * {@code Σᵢⱼ wᵢⱼ (softplus(lᵢⱼ) − yᵢⱼ lᵢⱼ)} with {@code l = HHᵀ}, {@code y = A + I} and {@code wᵢⱼ} = w1 where
 * y = 1, w0 elsewhere; its gradient {@code G = w (σ(l) − y)} gives {@code d/dH = (G + Gᵀ) H = 2 G H}.
 *
 * <p>l and G are symmetric, so one [N, N] buffer holds the upper triangle of each in turn: BLAS {@code syrk}
 * computes l (half a product), one {@link BernoulliKernels#softplusSigmoid} pass per row sums the loss and leaves G in
 * its place, with the few entries where y = 1 (the diagonal and each row's edges) corrected one by one, and BLAS
 * {@code symm} multiplies G by H; all three are shared among {@link Parallel}'s threads. This replaces about 25 of
 * the graph's passes over N² arrays (on Cora, 29 MB each) and their backward. FLOAT only; CPU backend (the BLAS
 * calls take host pointers).
 */
public final class KipfAdjacencyLoss implements FusedTerm {
    /** Row blocks of the loss pass that {@link Parallel}'s threads take in turn (the top rows are the longest). */
    private static final int ROW_BLOCKS = 32;
    private final String input;
    private final String output;
    private final int n;
    private final float w0;
    private final float w1;
    /** Row i's edges to nodes j > i: {@code columns[rowStart[i] .. rowStart[i + 1])}, ascending. */
    private final int[] rowStart;
    private final int[] columns;
    private final int maxDegree;
    /** Each row's share of the loss, summed in row order: the sum is the same however threads share the rows. */
    private final double[] rowLoss;
    private final INDArray buffer;
    private final ByteBuffer values;
    private INDArray last;

    /**
     * @param graph A's graph: its edges {a, b} have a < b ({@link Graph} checks it), and y = 1 on the diagonal
     *              comes from I
     * @param w0    weight of an entry with y = 0
     * @param w1    weight of an entry with y = 1
     */
    public KipfAdjacencyLoss(String input, String output, Graph graph, double w0, double w1) {
        this.input = input;
        this.output = output;
        int nodes = graph.nodes();
        int[][] edges = graph.edges();
        this.n = nodes;
        this.w0 = (float) w0;
        this.w1 = (float) w1;
        int[] degree = new int[nodes];
        for (int[] e : edges) {
            degree[e[0]]++;
        }
        rowStart = new int[nodes + 1];
        for (int i = 0; i < nodes; i++) {
            rowStart[i + 1] = rowStart[i] + degree[i];
        }
        columns = new int[edges.length];
        int[] next = Arrays.copyOf(rowStart, nodes);
        for (int[] e : edges) {
            columns[next[e[0]]++] = e[1];
        }
        for (int i = 0; i < nodes; i++) {
            Arrays.sort(columns, rowStart[i], rowStart[i + 1]);
        }
        maxDegree = Arrays.stream(degree).max().orElse(0);
        rowLoss = new double[nodes];
        buffer = Nd4j.createUninitialized(DataType.FLOAT, new long[] {nodes, nodes}, 'c');
        values = HostBuffers.bytes(buffer);
    }

    @Override
    public String input() {
        return input;
    }

    @Override
    public String output() {
        return output;
    }

    @Override
    public double forward(INDArray h, List<INDArray> reads) {
        int k = checkShape(h);
        // The row-major upper triangle of H Hᵀ is the column-major lower one; row-major H is column-major Hᵀ.
        Blas.syrk(false, true, n, k, 1.0, Blas.Matrix.of(h).at(0, k), 0.0, Blas.Matrix.of(buffer).at(0, n));
        Parallel.range(n, 1, ROW_BLOCKS, this::rows);
        double loss = 0;
        for (double l : rowLoss) { // in row order, whichever threads made the rows
            loss += l;
        }
        last = h;
        return loss;
    }

    /** The row pass over rows [from, to) of the upper triangle: each row's loss into rowLoss, G in place of l. */
    private void rows(int from, int to) {
        float[] edgeLogits = new float[maxDegree];
        for (int i = from; i < to; i++) {
            int row = i * n;
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) { // read before the pass overwrites them
                edgeLogits[p - rowStart[i]] = values.getFloat((row + columns[p]) * Float.BYTES);
            }
            // Off the diagonal every entry counts twice (l and G are symmetric); first as if y = 0 ...
            double loss = 2.0 * w0 * BernoulliKernels.softplusSigmoid(values, row + i + 1, row + n, w0);
            // ... then the entries with y = 1: the diagonal once, each edge twice.
            loss += positive(row + i, values.getFloat((row + i) * Float.BYTES));
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                float l = edgeLogits[p - rowStart[i]];
                loss += 2 * (positive(row + columns[p], l) - w0 * softplus(l));
            }
            rowLoss[i] = loss;
        }
    }

    /** Writes G = w1 (σ(l) − 1) at {@code index} and returns w1 (softplus(l) − l). */
    private double positive(int index, float l) {
        values.putFloat(index * Float.BYTES, (float) (w1 * (sigmoid(l) - 1)));
        return w1 * (softplus(l) - l);
    }

    @Override
    public void backward(double upstream, INDArray gradient) {
        int k = checkShape(gradient);
        // Row-major d/dH = 2 G H is column-major (d/dH)ᵀ = 2 Hᵀ G, G's row-major upper triangle its lower one.
        Blas.symmRightLower(k, n, 2 * upstream, Blas.Matrix.of(buffer).at(0, n), Blas.Matrix.of(last).at(0, k),
                Blas.Matrix.of(gradient).at(0, k));
    }

    private int checkShape(INDArray a) {
        if (a.dataType() != DataType.FLOAT || a.rank() != 2 || a.rows() != n || !HostBuffers.dense(a)) {
            throw new IllegalArgumentException("the fused adjacency loss needs a dense row-major FLOAT [" + n
                    + ", K] array, got " + a.dataType() + " " + Arrays.toString(a.shape()) + " '" + a.ordering() + "'");
        }
        return (int) a.columns();
    }

    private static double softplus(double l) {
        return Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
    }

    private static double sigmoid(double l) {
        double e = Math.exp(-Math.abs(l));
        return l >= 0 ? 1 / (1 + e) : e / (1 + e);
    }
}
