package org.ae4j.core.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one way ae4j code outside the host engine writes an ND4J array's memory from Java. Under CUDA an array's
 * primary buffer is device memory and its host buffer a copy: a write into the host copy that is not marked as
 * newer is never seen by the device, which keeps computing on the stale values. This brings the host copy up to
 * date first, lets the writer fill it, and marks it as the newer copy (ND4J's affinity manager), so the next device
 * op reads what was written. On the CPU backend the marks cost nothing.
 */
public final class HostWrites {
    private HostWrites() {
    }

    /**
     * Runs {@code writer} on the host memory of {@code a} (a native-order byte buffer over its whole buffer) and
     * marks it for the device.
     *
     * @param a an array that owns its buffer densely in row-major order (not a view)
     */
    public static void write(INDArray a, Consumer<ByteBuffer> writer) {
        if (a.isView() || a.ordering() != 'c' || a.data().length() != a.length()) {
            throw new IllegalArgumentException("host writes need a dense row-major array that owns its buffer, got "
                    + a.shapeInfoToString().replace('\n', ' '));
        }
        AffinityManager affinity = Nd4j.getAffinityManager();
        affinity.ensureLocation(a, AffinityManager.Location.HOST);
        writer.accept(a.data().asNio().order(ByteOrder.nativeOrder()));
        affinity.tagLocation(a, AffinityManager.Location.HOST);
    }
}
