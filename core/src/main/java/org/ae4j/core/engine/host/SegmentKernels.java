package org.ae4j.core.engine.host;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row-wise segment sums and tiling (forward and backward) as plain loops over host memory, for {@link CompiledStep}: a sparse product
 * {@code Â M} built from {@code tile} and {@code unsorted_segment_sum} (a graph convolution's sparse form) ran its
 * ops in libnd4j at 100–200 ns per value (22 ms for {@code unsorted_segment_sum} of [5728, 32] rows, 32 ms for
 * {@code tile_bp} of [716, 256]). Each output value is summed in row order, so the result does not depend on the
 * thread count. FLOAT rows with INT32 segment ids, on rank-2 arrays; every factory returns null elsewhere.
 */
final class SegmentKernels {
    private SegmentKernels() {
    }

    /** The kernel for {@code opName}'s op on {@code in} into {@code out}, or null to leave the op to ND4J. */
    static Runnable of(String opName, List<INDArray> in, INDArray[] out) {
        return switch (opName) {
            case "unsorted_segment_sum" -> in.size() >= 2 && out.length == 1 ? segmentSum(in.get(0), in.get(1), out[0])
                    : null;
            case "unsorted_segment_sum_bp" -> in.size() == 3 && out.length == 2 ? gatherRowsZeroIds(in, out) : null;
            case "tile_bp" -> in.size() == 2 && out.length == 1 ? tileBackward(in.get(1), out[0]) : null;
            case "tile" -> in.size() >= 1 && out.length == 1 ? tile(in.get(0), out[0]) : null;
            default -> null;
        };
    }

    /** {@code out[s, :] = Σ_{r: ids[r] = s} data[r, :]}, the rows added in order; data [R, d], out [S, d]. */
    static Runnable segmentSum(INDArray data, INDArray ids, INDArray out) {
        if (!rows(data) || !rows(out) || !segmentIds(ids, data.rows()) || out.columns() != data.columns()) {
            return null;
        }
        ByteBuffer d = HostBuffers.bytes(data);
        ByteBuffer s = HostBuffers.bytes(ids);
        ByteBuffer o = HostBuffers.bytes(out);
        int n = (int) data.rows();
        int width = (int) data.columns();
        int segments = (int) out.rows();
        Object[] keep = {data, ids, out};
        return () -> {
            for (int i = 0; i < segments * width; i++) {
                o.putFloat(i * Float.BYTES, 0f);
            }
            for (int r = 0; r < n; r++) {
                int target = s.getInt(r * Integer.BYTES);
                if (target < 0 || target >= segments) {
                    throw new IllegalArgumentException("segment id " + target + " at row " + r + " is outside 0.."
                            + (segments - 1));
                }
                int from = r * width;
                int to = target * width;
                for (int j = 0; j < width; j++) {
                    o.putFloat((to + j) * Float.BYTES, o.getFloat((to + j) * Float.BYTES)
                            + d.getFloat((from + j) * Float.BYTES));
                }
            }
            Reference.reachabilityFence(keep);
        };
    }

    /** The segment sum's backward: its rows' gradient gathered, the ids' (constants) zero. */
    private static Runnable gatherRowsZeroIds(List<INDArray> in, INDArray[] out) {
        Runnable rows = gatherRows(in.get(2), in.get(1), out[0]);
        if (rows == null) {
            return null;
        }
        INDArray ids = out[1];
        return () -> {
            rows.run();
            ids.assign(0);
        };
    }

    /** {@code out[r, :] = grad[ids[r], :]}: the segment sum's backward with respect to its rows. */
    static Runnable gatherRows(INDArray grad, INDArray ids, INDArray out) {
        if (!rows(grad) || !rows(out) || !segmentIds(ids, out.rows()) || out.columns() != grad.columns()) {
            return null;
        }
        ByteBuffer g = HostBuffers.bytes(grad);
        ByteBuffer s = HostBuffers.bytes(ids);
        ByteBuffer o = HostBuffers.bytes(out);
        int n = (int) out.rows();
        int width = (int) out.columns();
        int segments = (int) grad.rows();
        Object[] keep = {grad, ids, out};
        return () -> {
            for (int r = 0; r < n; r++) {
                int source = s.getInt(r * Integer.BYTES);
                if (source < 0 || source >= segments) {
                    throw new IllegalArgumentException("segment id " + source + " at row " + r + " is outside 0.."
                            + (segments - 1));
                }
                for (int j = 0; j < width; j++) {
                    o.putFloat((r * width + j) * Float.BYTES, g.getFloat((source * width + j) * Float.BYTES));
                }
            }
            Reference.reachabilityFence(keep);
        };
    }

    /**
     * {@code tile(M, [1, c])}'s backward: {@code out[i, j] = Σ_k grad[i, k·d + j]}, copies added in order, for
     * out [n, d] and grad [n, c·d].
     */
    static Runnable tileBackward(INDArray grad, INDArray out) {
        if (!rows(grad) || !rows(out) || grad.rows() != out.rows() || grad.columns() % out.columns() != 0) {
            return null;
        }
        ByteBuffer g = HostBuffers.bytes(grad);
        ByteBuffer o = HostBuffers.bytes(out);
        int n = (int) out.rows();
        int width = (int) out.columns();
        int copies = (int) (grad.columns() / width);
        Object[] keep = {grad, out};
        return () -> {
            for (int i = 0; i < n; i++) {
                int base = i * copies * width;
                for (int j = 0; j < width; j++) {
                    float sum = 0f;
                    for (int k = 0; k < copies; k++) {
                        sum += g.getFloat((base + k * width + j) * Float.BYTES);
                    }
                    o.putFloat((i * width + j) * Float.BYTES, sum);
                }
            }
            Reference.reachabilityFence(keep);
        };
    }

    /** {@code tile(M, [1, c])}: {@code out[i, k·d + j] = m[i, j]} for m [n, d] and out [n, c·d]. */
    static Runnable tile(INDArray m, INDArray out) {
        if (!rows(m) || !rows(out) || m.rows() != out.rows() || out.columns() % m.columns() != 0) {
            return null;
        }
        ByteBuffer src = HostBuffers.bytes(m);
        ByteBuffer o = HostBuffers.bytes(out);
        int n = (int) m.rows();
        int width = (int) m.columns();
        int copies = (int) (out.columns() / width);
        Object[] keep = {m, out};
        return () -> {
            for (int i = 0; i < n; i++) {
                int base = i * copies * width;
                for (int k = 0; k < copies; k++) {
                    for (int j = 0; j < width; j++) {
                        o.putFloat((base + k * width + j) * Float.BYTES, src.getFloat((i * width + j) * Float.BYTES));
                    }
                }
            }
            Reference.reachabilityFence(keep);
        };
    }

    private static boolean rows(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.rank() == 2 && HostBuffers.dense(a);
    }

    private static boolean segmentIds(INDArray ids, long rows) {
        return ids.dataType() == DataType.INT && ids.rank() == 1 && ids.length() == rows && HostBuffers.dense(ids);
    }
}
