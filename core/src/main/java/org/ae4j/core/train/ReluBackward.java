package org.ae4j.core.train;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import org.ae4j.core.data.HostArrays;
import org.ae4j.core.run.Backend;
import org.ae4j.core.run.Parallel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ReLU's backward {@code dx = dy · [x > 0]} as one pass over the arrays' host memory with the Vector API, its
 * ranges shared among {@link Parallel}'s threads, where ND4J's ops take two passes on one thread (a step, then a
 * product): for FLOAT dense arrays on the CPU backend when the JVM has {@code jdk.incubator.vector}.
 */
final class ReluBackward {
    private static final boolean VECTORIZED = Backend.vectorApi() && Backend.hostBlas();
    /** Elements per range: smaller passes are not worth a hand-off to another thread. */
    private static final int RANGE = 1 << 14;

    private ReluBackward() {
    }

    /** The pass writing dx from x and dy (all the same shape), or null where it does not apply. */
    static Runnable of(INDArray x, INDArray dy, INDArray dx) {
        for (INDArray a : new INDArray[] {x, dy, dx}) {
            if (!VECTORIZED || a.dataType() != DataType.FLOAT || !HostArrays.dense(a) || a.length() != dx.length()) {
                return null;
            }
        }
        int n = Math.toIntExact(dx.length());
        ByteBuffer xb = HostArrays.bytes(x);
        ByteBuffer dyb = HostArrays.bytes(dy);
        ByteBuffer dxb = HostArrays.bytes(dx);
        Object[] keep = {x, dy, dx}; // the byte buffers view these arrays' memory
        int parts = Math.max(1, Math.min(Parallel.threads(), n / RANGE));
        return () -> {
            Parallel.range(n, 64, parts, (from, to) -> ReluVectors.backward(xb, dyb, dxb, from, to));
            Reference.reachabilityFence(keep);
        };
    }
}
