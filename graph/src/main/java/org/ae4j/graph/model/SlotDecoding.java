package org.ae4j.graph.model;

import java.util.ArrayList;
import java.util.List;
import org.ae4j.graph.data.DenseGraphs;
import org.ae4j.graph.data.SmallGraph;

/** Reading a {@link GraphVae} decoder's slot-wise categoricals (logits per slot and per slot pair). */
final class SlotDecoding {
    private SlotDecoding() {
    }

    /** Consecutive groups of {@code classes} logits as probability rows. */
    static double[][] softmaxGroups(double[] logits, int classes) {
        double[][] p = new double[logits.length / classes][classes];
        for (int g = 0; g < p.length; g++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[g * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                p[g][c] = Math.exp(logits[g * classes + c] - max);
                sum += p[g][c];
            }
            for (int c = 0; c < classes; c++) {
                p[g][c] /= sum;
            }
        }
        return p;
    }

    /**
     * The graph of the most probable class of every slot and slot pair: empty slots are dropped, the others
     * keep their order, and a pair joins two kept slots when its most probable class is an edge type.
     * Null when every slot is empty.
     */
    static SmallGraph mostProbable(double[] nodeLogits, double[] edgeLogits, int k, int nodeTypes, int edgeTypes) {
        int[] slot = new int[k];
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int t = argmax(nodeLogits, i * (nodeTypes + 1), nodeTypes + 1);
            slot[i] = t == nodeTypes ? -1 : types.size();
            if (t != nodeTypes) {
                types.add(t);
            }
        }
        if (types.isEmpty()) {
            return null;
        }
        List<int[]> pairs = new ArrayList<>();
        List<Integer> pairTypes = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                int t = argmax(edgeLogits, DenseGraphs.pairIndex(i, j, k) * (edgeTypes + 1), edgeTypes + 1);
                if (t != edgeTypes && slot[i] >= 0 && slot[j] >= 0) {
                    pairs.add(new int[] {slot[i], slot[j]});
                    pairTypes.add(t);
                }
            }
        }
        return new SmallGraph(types.stream().mapToInt(Integer::intValue).toArray(), pairs.toArray(int[][]::new),
                pairTypes.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int argmax(double[] v, int from, int length) {
        int best = from;
        for (int i = from + 1; i < from + length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best - from;
    }
}
