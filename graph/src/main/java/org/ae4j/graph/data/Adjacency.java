package org.ae4j.graph.data;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Pure functions on dense adjacency matrices. */
public final class Adjacency {
    private Adjacency() {
    }

    /**
     * The GCN propagation matrix Â = D^−1/2 (A + I) D^−1/2 with D the degree matrix of A + I (Kipf &amp;
     * Welling 2017, Eq. 2): symmetric, with every node its own neighbour, so isolated nodes keep their
     * features. A is not modified.
     *
     * @param a a symmetric [N, N] adjacency without self loops
     * @return [N, N]
     */
    public static INDArray symmetricNormalize(INDArray a) {
        if (a.rank() != 2 || a.rows() != a.columns()) {
            throw new IllegalArgumentException("an adjacency must be square, got " + Arrays.toString(a.shape()));
        }
        INDArray withLoops = a.add(Nd4j.eye(a.rows()).castTo(a.dataType()));
        INDArray invSqrtDegree = withLoops.sum(1).reshape(-1, 1);   // [N, 1]
        Transforms.pow(invSqrtDegree, -0.5, false);
        return withLoops.muli(invSqrtDegree).muli(invSqrtDegree.reshape(1, -1));
    }
}
