package org.ae4j.core.engine.host;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import org.ae4j.core.engine.Backend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Elementwise ops of a layer as one pass over the arrays' host memory with the Vector API, shared among
 * {@link Parallel}'s threads, for {@link CompiledStep}: a bias added to every row, ReLU, ReLU's backward, and a
 * bias's gradient (the column sums). ND4J runs each on one thread, some as two passes (ReLU's backward: a step, then
 * a product) or as a product with ones (the column sums); its broadcast add took 114 µs on [128, 1000]. Each pass
 * computes every element with the float operations ND4J uses; the column sums add the rows in order, where the
 * product with ones adds them in its own order (the last bits may differ). For FLOAT dense arrays on the CPU backend
 * when the JVM has {@code jdk.incubator.vector}; each factory returns null elsewhere.
 */
final class RowPasses {
    private static final boolean VECTORIZED = Backend.vectorApi() && Backend.hostBlas();
    /** Elements per thread below which a pass stays on the calling thread: a hand-off costs a few µs. */
    private static final int MIN_SHARE = 1 << 14;

    private RowPasses() {
    }

    /** ReLU's backward {@code dx = dy · [x > 0]}; x, dy, dx of one shape. */
    static Runnable reluBackward(INDArray x, INDArray dy, INDArray dx) {
        if (!applies(dx, x, dy)) {
            return null;
        }
        ByteBuffer xb = HostBuffers.bytes(x);
        ByteBuffer dyb = HostBuffers.bytes(dy);
        ByteBuffer dxb = HostBuffers.bytes(dx);
        return elements(dx, (from, to) -> RowPassVectors.reluBackward(xb, dyb, dxb, from, to), x, dy);
    }

    /** tanh's backward {@code dx = dy · (1 − y²)} from the forward pass's {@code y = tanh(x)}; y, dy, dx of one shape. */
    static Runnable tanhBackward(INDArray y, INDArray dy, INDArray dx) {
        if (!applies(dx, y, dy)) {
            return null;
        }
        ByteBuffer yb = HostBuffers.bytes(y);
        ByteBuffer dyb = HostBuffers.bytes(dy);
        ByteBuffer dxb = HostBuffers.bytes(dx);
        return elements(dx, (from, to) -> RowPassVectors.tanhBackward(yb, dyb, dxb, from, to), y, dy);
    }

    /**
     * The product's backward for {@code c = a · b}: {@code da = dc · b} and {@code db = dc · a} for a, b, dc of one
     * shape; or, for a of shape [K, 1, W] repeated along the middle axis of b and dc [K, S, W] (a reparameterized
     * code's σ times S draws of ε), {@code db = dc · a} and {@code da} summed over the S repeats in order; or for a
     * column a [R, 1] scaling the rows of b [R, W] (a sparse product's values), {@code da} summed over each row in
     * order. Null for any other shapes.
     */
    static Runnable multiplyBackward(INDArray a, INDArray b, INDArray dc, INDArray da, INDArray db) {
        if (!applies(dc, b, db) || !applies(a, da)) {
            return null;
        }
        ByteBuffer ab = HostBuffers.bytes(a);
        ByteBuffer bb = HostBuffers.bytes(b);
        ByteBuffer cb = HostBuffers.bytes(dc);
        ByteBuffer dab = HostBuffers.bytes(da);
        ByteBuffer dbb = HostBuffers.bytes(db);
        if (java.util.Arrays.equals(a.shape(), dc.shape()) && java.util.Arrays.equals(b.shape(), dc.shape())) {
            return elements(dc, (from, to) -> {
                RowPassVectors.multiply(cb, bb, dab, from, to);
                RowPassVectors.multiply(cb, ab, dbb, from, to);
            }, a, b, da, db);
        }
        if (a.rank() == 2 && dc.rank() == 2 && a.rows() == dc.rows() && a.columns() == 1 && dc.columns() > 1
                && java.util.Arrays.equals(b.shape(), dc.shape())) {
            // a column [R, 1] scaling b's rows: db = dc · a, da[r] = Σ_j dc[r, j] · b[r, j] in order
            int rows = (int) dc.rows();
            int width = (int) dc.columns();
            Object[] keep = {a, b, dc, da, db};
            return () -> {
                for (int r = 0; r < rows; r++) {
                    float scale = ab.getFloat(r * Float.BYTES);
                    float sum = 0f;
                    for (int j = 0; j < width; j++) {
                        int at = (r * width + j) * Float.BYTES;
                        float g = cb.getFloat(at);
                        dbb.putFloat(at, g * scale);
                        sum += g * bb.getFloat(at);
                    }
                    dab.putFloat(r * Float.BYTES, sum);
                }
                Reference.reachabilityFence(keep);
            };
        }
        long[] sa = a.shape();
        long[] sc = dc.shape();
        if (sa.length != 3 || sc.length != 3 || !java.util.Arrays.equals(b.shape(), sc) || sa[0] != sc[0]
                || sa[1] != 1 || sa[2] != sc[2] || !java.util.Arrays.equals(da.shape(), sa)) {
            return null;
        }
        int blocks = (int) sc[0];
        int repeats = (int) sc[1];
        int width = (int) sc[2];
        int parts = parts(dc.length());
        Object[] keep = {a, b, dc, da, db};
        return () -> {
            Parallel.range(blocks, 1, parts, (from, to) -> RowPassVectors.multiplyRepeatedBackward(ab, bb, cb, dab, dbb,
                    repeats, width, from, to));
            Reference.reachabilityFence(keep);
        };
    }

    /** ReLU {@code out = max(x, 0)}; x and out of one shape. */
    static Runnable relu(INDArray x, INDArray out) {
        if (!applies(out, x)) {
            return null;
        }
        ByteBuffer xb = HostBuffers.bytes(x);
        ByteBuffer ob = HostBuffers.bytes(out);
        return elements(out, (from, to) -> RowPassVectors.relu(xb, ob, from, to), x);
    }

    /** {@code out = a + row} for a, out [R, C] and the row [1, C] added to each of a's rows. */
    static Runnable addRow(INDArray a, INDArray row, INDArray out) {
        if (!applies(out, a) || !applies(row) || out.rank() != 2 || row.rank() != 2 || row.rows() != 1
                || row.columns() != out.columns()) {
            return null;
        }
        int columns = (int) out.columns();
        ByteBuffer ab = HostBuffers.bytes(a);
        ByteBuffer rb = HostBuffers.bytes(row);
        ByteBuffer ob = HostBuffers.bytes(out);
        int rows = (int) out.rows();
        int parts = parts(out.length());
        Object[] keep = {a, row, out};
        return () -> {
            Parallel.range(rows, 1, parts, (from, to) -> RowPassVectors.addRow(ab, rb, ob, columns, from, to));
            Reference.reachabilityFence(keep);
        };
    }

    /** {@code out[j] = Σ_r dc[r, j]} for dc [R, C] and out [1, C]: a bias's gradient. */
    static Runnable columnSums(INDArray dc, INDArray out) {
        if (!applies(dc) || !applies(out) || dc.rank() != 2 || out.rank() != 2 || out.rows() != 1
                || out.columns() != dc.columns()) {
            return null;
        }
        int rows = (int) dc.rows();
        int columns = (int) dc.columns();
        ByteBuffer db = HostBuffers.bytes(dc);
        ByteBuffer ob = HostBuffers.bytes(out);
        int parts = parts(dc.length());
        Object[] keep = {dc, out};
        return () -> {
            // Each thread its own columns, each column summed over all rows in order: the same sums however shared.
            Parallel.range(columns, 64, parts, (from, to) -> RowPassVectors.columnSums(db, ob, rows, columns, from, to));
            Reference.reachabilityFence(keep);
        };
    }

    private static Runnable elements(INDArray out, Parallel.Range pass, INDArray... inputs) {
        int n = Math.toIntExact(out.length());
        int parts = parts(n);
        Object[] keep = {out, inputs};
        return () -> {
            Parallel.range(n, 64, parts, pass);
            Reference.reachabilityFence(keep);
        };
    }

    private static int parts(long elements) {
        return (int) Math.max(1, Math.min(Parallel.threads(), elements / MIN_SHARE));
    }

    /** FLOAT dense host arrays, all of {@code out}'s length. */
    private static boolean applies(INDArray out, INDArray... others) {
        if (!VECTORIZED) {
            return false;
        }
        for (INDArray a : java.util.stream.Stream.concat(java.util.stream.Stream.of(out),
                java.util.Arrays.stream(others)).toList()) {
            if (a.dataType() != DataType.FLOAT || !HostBuffers.dense(a) || a.length() != out.length()) {
                return false;
            }
        }
        return true;
    }
}
