package org.ae4j.graph.nn;

import java.util.ArrayList;
import java.util.List;
import org.ae4j.graph.data.SparseAdjacency;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.transforms.segment.UnsortedSegmentSum;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code Y = Â M} for a sparse Â ({@link SparseAdjacency}) as SameDiff ops, in O(nnz · d) memory and time, with the
 * right gradient {@code dM = Âᵀ dY}.
 *
 * <p>The obvious form, {@code Y = segment_sum(values ⊙ gather(M, columns), rows)}, differentiates wrongly in
 * SameDiff 1.0.0-M2.1: {@code gather}'s backward keeps one of the gradients of a repeated index instead of their sum
 * (docs/nd4j-pitfalls.md). So the copies of M's rows are made by tiling, whose backward sums them: the nodes, in
 * non-increasing degree ({@link SparseAdjacency#degreeSorted()}), fall into buckets of contiguous rows whose degrees
 * lie in (c/2, c], c a power of two; a bucket's rows [s, e) of M are tiled c times, the copy of row j for its k-th
 * non-zero Â_ij scaled by Â_ij (0 for the padding beyond j's degree), and an unsorted segment sum adds each copy into
 * row i (Â is symmetric, so row j lists the i). The segment sum's backward is a gather of dY, which is right. At most
 * 2 · nnz rows of width d are held; the buckets are at most ⌈log₂ max degree⌉ + 1.
 */
public final class SparsePropagation {
    private SparsePropagation() {
    }

    /**
     * Adds {@code Y = Â M}.
     *
     * @param name  the prefix of the constants it adds (each bucket's targets and values)
     * @param a     Â, its nodes in non-increasing degree
     * @param m     [N, d]
     * @param width d
     * @return [N, d]
     */
    public static SDVariable apply(SameDiff sd, String name, SparseAdjacency a, SDVariable m, int width) {
        requireDegreeSorted(a);
        if (width < 1) {
            throw new IllegalArgumentException("the rows' width must be positive, got " + width);
        }
        List<SDVariable> parts = new ArrayList<>();
        int start = 0;
        while (start < a.nodes()) {
            int cap = Integer.highestOneBit(a.degree(start));
            if (cap < a.degree(start)) {
                cap <<= 1;
            }
            int end = start;
            while (end < a.nodes() && a.degree(end) * 2 > cap) {
                end++;
            }
            parts.add(bucket(sd, name + "/bucket" + parts.size(), a, m, width, start, end, cap));
            start = end;
        }
        SDVariable y = parts.get(0);
        for (int b = 1; b < parts.size(); b++) {
            y = y.add(parts.get(b));
        }
        return y;
    }

    /** Fails unless Â's nodes are in non-increasing degree, as the buckets need. */
    static void requireDegreeSorted(SparseAdjacency a) {
        if (!a.degreeSorted()) {
            throw new IllegalArgumentException("sparse propagation needs the nodes in non-increasing degree: relabel "
                    + "the graph by SparseAdjacency.degreeOrder() first");
        }
    }

    /** Rows [start, end) of M, each tiled {@code cap} times, scaled by their non-zeros and summed into their targets. */
    private static SDVariable bucket(SameDiff sd, String name, SparseAdjacency a, SDVariable m, int width, int start,
                                     int end, int cap) {
        int rows = (end - start) * cap;
        int[] targets = new int[rows];
        double[] scale = new double[rows];
        for (int j = start; j < end; j++) {
            int base = (j - start) * cap;
            for (int k = 0; k < cap; k++) {
                int p = a.rowStart()[j] + k;
                boolean real = p < a.rowStart()[j + 1];
                targets[base + k] = real ? a.columns()[p] : j;
                scale[base + k] = real ? a.values()[p] : 0;
            }
        }
        SDVariable copies = sd.tile(m.get(SDIndex.interval(start, end), SDIndex.all()), 1, cap)
                .reshape(rows, width);                                                          // [rows, d]
        SDVariable weights = sd.constant(name + "/values",
                Nd4j.createFromArray(scale).reshape(rows, 1).castTo(m.dataType()));              // [rows, 1]
        SDVariable ids = sd.constant(name + "/targets", Nd4j.createFromArray(targets));          // [rows]
        return new UnsortedSegmentSum(sd, copies.mul(weights), ids, a.nodes()).outputVariable();
    }
}
