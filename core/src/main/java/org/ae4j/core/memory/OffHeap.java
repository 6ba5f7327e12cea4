package org.ae4j.core.memory;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Frees ND4J arrays' native memory as soon as nobody reads them again, instead of whenever the garbage
 * collector runs. Measured: a K = D linear AE grew by about 5 MB per step until the kernel killed it at
 * 24 GB, and 200 gradient pairs over 10,000 decoded MNIST rows held 13 GB, while the Java heap stayed
 * small enough that no collection ran.
 */
public final class OffHeap {
    private OffHeap() {
    }

    /** Closes each array that owns its buffer and is still open; views, shared arrays and nulls are skipped. */
    public static void release(Iterable<INDArray> arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable() && !a.wasClosed()) {
                a.close();
            }
        }
    }
}
