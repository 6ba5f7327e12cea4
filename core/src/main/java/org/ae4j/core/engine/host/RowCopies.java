package org.ae4j.core.engine.host;

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.List;
import org.ae4j.core.engine.Backend;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Each thread's own copy of its row block ({@link Blas#blocks}) of a weight W [in, out], each copy in its own
 * allocation followed by {@value #GAP_BYTES} bytes that nothing else uses, for products that thread t computes
 * from W's rows block t alone ({@link Blas.Cut#INNER} for X · W, {@link Blas.Cut#COLUMNS} for dY · Wᵀ).
 *
 * <p>Why: oneDNN's sgemm on one thread's rows also reads the rows that follow them, another thread's, which left
 * those lines in the first core's cache; the optimizer's writes to them on the owning thread then waited for
 * cross-core invalidations, 0.3-0.5 ms per VAE step when the host placed the two vCPUs on distant cores
 * (docs/performance.md). Reads past a copy's end fall in its gap instead. {@link #refresh} copies W's current values (each
 * thread its own block), so whoever changed W in place since is seen.
 */
public final class RowCopies {
    /** Unused memory after each copy: reads that run past a copy's end land here. */
    static final int GAP_BYTES = 1 << 18;

    private final INDArray source;
    private final int[] bounds;
    private final Pointer[] copies;
    private final Runnable[] parts;

    private RowCopies(INDArray source, int[] bounds, Pointer[] copies, Runnable[] parts) {
        this.source = source;
        this.bounds = bounds;
        this.copies = copies;
        this.parts = parts;
    }

    /**
     * Copies of a dense row-major FLOAT or DOUBLE matrix's row blocks, filled once here.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static RowCopies of(INDArray matrix) {
        DataType type = matrix.dataType();
        if (matrix.rank() != 2 || !HostBuffers.dense(matrix) || (type != DataType.FLOAT && type != DataType.DOUBLE)
                || !Backend.hostBlas()) {
            throw new IllegalArgumentException("row copies need a dense row-major FLOAT or DOUBLE matrix in host memory,"
                    + " got " + type + " " + Arrays.toString(matrix.shape()) + " '" + matrix.ordering() + "'");
        }
        int[] bounds = Blas.blocks((int) matrix.rows());
        int columns = (int) matrix.columns();
        Blas.Matrix whole = Blas.Matrix.of(matrix);
        Pointer[] copies = new Pointer[bounds.length - 1];
        Runnable[] parts = new Runnable[copies.length];
        for (int t = 0; t < copies.length; t++) {
            int n = Math.multiplyExact(bounds[t + 1] - bounds[t], columns);
            long gap = GAP_BYTES / (type == DataType.FLOAT ? Float.BYTES : Double.BYTES);
            Pointer copy = type == DataType.FLOAT ? new FloatPointer(n + gap) : new DoublePointer(n + gap);
            Blas.Operand from = whole.at((long) bounds[t] * columns, 1);
            copies[t] = copy;
            parts[t] = type == DataType.FLOAT
                    ? () -> openblas.cblas_scopy(n, (FloatPointer) from.pointer(), 1, (FloatPointer) copy, 1)
                    : () -> openblas.cblas_dcopy(n, (DoublePointer) from.pointer(), 1, (DoublePointer) copy, 1);
        }
        RowCopies rows = new RowCopies(matrix, bounds, copies, parts);
        rows.refresh().run();
        return rows;
    }

    /** Copies the matrix's current values, block t on thread t ({@link Parallel}), when run. */
    public Runnable refresh() {
        return refresh(List.of(this));
    }

    /** Refreshes all of {@code copies} in one hand-off to the threads: thread t copies every matrix's block t. */
    public static Runnable refresh(List<RowCopies> copies) {
        int threads = copies.stream().mapToInt(c -> c.parts.length).max().orElse(0);
        Runnable[] byThread = new Runnable[threads];
        for (int t = 0; t < threads; t++) {
            int block = t;
            List<Runnable> mine = copies.stream().filter(c -> block < c.parts.length).map(c -> c.parts[block]).toList();
            byThread[t] = () -> mine.forEach(Runnable::run);
        }
        List<INDArray> sources = copies.stream().map(c -> c.source).toList();
        return () -> {
            Parallel.run(byThread);
            Reference.reachabilityFence(sources); // the parts address the sources' memory
        };
    }

    /** The matrix copied. */
    INDArray source() {
        return source;
    }

    /** The row bounds of the blocks, {@link Blas#blocks} of the matrix's rows when made. */
    int[] bounds() {
        return bounds.clone();
    }

    /**
     * Block t as a column-major matrix [columns, rows of block t] with leading dimension {@code columns}: the
     * transpose of the block's rows, as {@link Blas} sees a row-major operand.
     */
    Blas.Operand block(int t) {
        return new Blas.Operand(copies[t], source.dataType(), 0, (int) source.columns());
    }
}
