package org.ae4j.core.engine.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Host memory of ND4J arrays on the CPU backend, for the host engine's Java loops and BLAS calls. */
public final class HostBuffers {
    private HostBuffers() {
    }

    /** Whether {@code a}'s buffer holds exactly its values, row-major from the buffer's start (no view, no 'f' order). */
    public static boolean dense(INDArray a) {
        return a.ordering() == 'c' && a.offset() == 0 && a.elementWiseStride() == 1 && a.data().length() == a.length();
    }

    /** The host memory of {@code a}'s buffer as a native-order byte buffer, for Java loops over a dense array. */
    public static ByteBuffer bytes(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder());
    }
}
