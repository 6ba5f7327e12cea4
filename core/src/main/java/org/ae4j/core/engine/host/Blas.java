package org.ae4j.core.engine.host;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.ae4j.core.engine.Backend;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BLAS level-3 products on the host, cut into blocks that single-threaded library calls compute at once on
 * {@link Parallel}'s threads: general products ({@link #gemm}), and the symmetric ones of PCA's covariance and the
 * graph auto-encoder's inner-product decoder ({@link #syrk}, {@link #symmRightLower}). Float general products go
 * to oneDNN ({@link OneDnn}, 17% faster here), everything else to OpenBLAS.
 *
 * <p>Everything is written as BLAS's column-major calls: a row-major [m, n] array is the column-major [n, m]
 * matrix of its transpose. A product is cut along the longer of its result's two dimensions (or as its {@link Cut}
 * says), a symmetric one into row (column) blocks of its stored triangle, in blocks whose lengths are multiples of
 * 16, when it has at least 2¹⁸ multiply-adds (OpenBLAS's own threshold for threading) and
 * {@link Parallel#threads()} is above one. Measured on two cores, [128, 400] × [400, 784]: 0.46 ms cut by
 * columns, 0.89 ms with OpenBLAS's own two threads, 0.90 on one. The cut follows from the shapes and the thread
 * count alone, so a run computes the same values each time; a different thread count rounds differently, as
 * OpenBLAS's own threading did.
 */
public final class Blas {
    /** Products with fewer multiply-adds run in one block. */
    static final long SPLIT_THRESHOLD = 1L << 18;
    private static final int ALIGN = 16;
    /** Blocks per thread for the symmetric products, whose blocks differ in work: the threads take them in turn. */
    private static final int SYMMETRIC_BLOCKS_PER_THREAD = 4;

    private Blas() {
    }

    /**
     * The product {@code c = op(a) · op(b)}, overwriting c, ready to run many times; {@code ta}, {@code tb}
     * transpose a and b. A and B must be dense row-major arrays and C dense in either order, of type FLOAT or
     * DOUBLE, on the CPU backend, for the product to be split; anything else runs as ND4J's {@code Nd4j.gemm}.
     *
     * @throws IllegalArgumentException when the shapes do not multiply into c's
     */
    public static Runnable gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb) {
        return gemm(a, b, c, ta, tb, Cut.LONGER);
    }

    /**
     * How a product is shared among threads when it is split. Which thread computes what decides which core's
     * cache holds each line: writing a line that the other core has read costs a cross-core invalidation, up to
     * 60 ns per line when the host places the two vCPUs on distant cores (docs/performance.md). A training step
     * therefore keeps each weight's row block ({@link #blocks}) on one thread: contiguous memory, because the
     * hardware prefetchers also pull in the lines that follow those a core reads.
     */
    public enum Cut {
        /** Along the longer of the result's two dimensions. */
        LONGER,
        /** Along the result's rows, cut at {@link #blocks}: thread t writes block t. */
        ROWS,
        /** Along the result's columns, cut at {@link #blocks}: thread t writes block t. */
        COLUMNS,
        /**
         * Along the inner dimension, cut at {@link #blocks} of its length: thread t reads only block t of the
         * operands' inner dimension (a weight's own rows, when the product is X · W) into a partial product, which
         * the threads then add up by equal ranges of the result.
         */
        INNER
    }

    /**
     * The blocks [b[t], b[t + 1]) that thread t takes when a product is cut along a dimension of this length:
     * {@link Parallel#bounds} in multiples of 16, one block per thread.
     */
    public static int[] blocks(int length) {
        return Parallel.bounds(length, ALIGN, Parallel.threads());
    }

    /**
     * Whether a product of {@code m × n × k} multiply-adds is split among threads at all: at least 2¹⁸ of them and
     * more than one thread.
     */
    public static boolean splits(long m, long n, long k) {
        return Parallel.threads() > 1 && m * n * k >= SPLIT_THRESHOLD;
    }

    /**
     * As {@link #gemm(INDArray, INDArray, INDArray, boolean, boolean)}, cut as {@code cut} says. {@link Cut#INNER}
     * needs a row-major (c order) result and allocates one partial product per thread but the first.
     */
    public static Runnable gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, Cut cut) {
        return gemm(a, b, c, ta, tb, cut, null);
    }

    /**
     * As {@link #gemm(INDArray, INDArray, INDArray, boolean, boolean, Cut)}, with thread t reading b's row block t
     * from {@code bRows} (see {@link RowCopies}, refreshed by the caller) instead of from b: for X · W cut
     * {@link Cut#INNER} and dY · Wᵀ cut {@link Cut#COLUMNS}, the products whose threads read only their own rows of
     * W. Not split (too small, or one thread), the product reads b itself.
     *
     * @throws IllegalArgumentException when {@code bRows} is not b's, or the product and cut are not one of those
     */
    public static Runnable gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, Cut cut,
                                RowCopies bRows) {
        if (bRows != null && (bRows.source() != b || !(cut == Cut.INNER && !tb || cut == Cut.COLUMNS && tb)
                || c.ordering() != 'c' || !Arrays.equals(bRows.bounds(), blocks((int) b.rows())))) {
            throw new IllegalArgumentException("row copies serve the weight they copy, as B of X · B cut INNER or of"
                    + " Y · Bᵀ cut COLUMNS into a row-major result, with the current thread count");
        }
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2) {
            throw new IllegalArgumentException("gemm needs matrices, got ranks " + a.rank() + ", " + b.rank() + ", "
                    + c.rank());
        }
        long m = ta ? a.columns() : a.rows();
        long k = ta ? a.rows() : a.columns();
        long kb = tb ? b.columns() : b.rows();
        long n = tb ? b.rows() : b.columns();
        if (k != kb || c.rows() != m || c.columns() != n) {
            throw new IllegalArgumentException("gemm shapes do not match: op(a) " + m + "x" + k + ", op(b) " + kb + "x"
                    + n + ", c " + Arrays.toString(c.shape()));
        }
        DataType type = c.dataType();
        boolean host = Backend.hostBlas() && (type == DataType.FLOAT || type == DataType.DOUBLE)
                && a.dataType() == type && b.dataType() == type && HostBuffers.dense(a) && HostBuffers.dense(b)
                && (HostBuffers.dense(c) || columnMajor(c) && c.data().length() == c.length());
        if (!host) {
            return () -> Nd4j.gemm(a, b, c, ta, tb, 1.0, 0.0);
        }
        Matrix x = Matrix.of(a);
        Matrix y = Matrix.of(b);
        Matrix z = Matrix.of(c);
        boolean rowMajor = c.ordering() == 'c';
        int parts = splits(m, n, k) ? Parallel.threads() : 1;
        if (cut == Cut.INNER && parts > 1) {
            if (!rowMajor) {
                throw new IllegalArgumentException("a product cut along its inner dimension needs a row-major result");
            }
            return innerBlocks(tb, ta, (int) n, (int) m, (int) k, y.at(0, (int) b.columns()), x.at(0, (int) a.columns()),
                    bRows, c, a, b);
        }
        // The column-major view's rows are a row-major result's columns.
        boolean byRows = switch (cut) {
            case LONGER -> rowMajor ? n > m : m > n;
            case COLUMNS -> rowMajor;
            case ROWS, INNER -> !rowMajor;
        };
        Runnable[] blocks = rowMajor
                // Cᵀ (column-major [n, m]) = op(B)ᵀ op(A)ᵀ, a row-major operand seen column-major being its transpose
                ? gemmBlocks(tb, ta, (int) n, (int) m, (int) k, y.at(0, (int) b.columns()), x.at(0, (int) a.columns()),
                        z.at(0, (int) n), byRows, parts, parts > 1 ? bRows : null)
                // C (column-major [m, n]) = op(A) op(B)
                : gemmBlocks(!ta, !tb, (int) m, (int) n, (int) k, x.at(0, (int) a.columns()), y.at(0, (int) b.columns()),
                        z.at(0, (int) m), byRows, parts, null);
        Object[] keep = {a, b, c, bRows}; // the blocks address these arrays' memory: it must live as long as they may run
        return () -> {
            Parallel.run(blocks);
            Reference.reachabilityFence(keep);
        };
    }

    /**
     * Column-major {@code C[M, N] = Σ_t op(X)[:, K_t] · op(Y)[K_t, :]} over the inner blocks K_t of
     * {@link #blocks}: thread t writes its term into C (t = 0) or a partial array, then each thread adds the
     * partials into an equal range of C's elements.
     */
    private static Runnable innerBlocks(boolean tx, boolean ty, int rows, int cols, int inner, Operand x, Operand y,
                                        RowCopies xRows, INDArray c, INDArray... operands) {
        int[] bounds = blocks(inner);
        int terms = bounds.length - 1;
        INDArray[] partials = new INDArray[terms - 1];
        Runnable[] blocks = new Runnable[terms];
        for (int t = 0; t < terms; t++) {
            int from = bounds[t];
            int len = bounds[t + 1] - from;
            // Columns of op(X) are X's columns (untransposed) or rows; rows of op(Y) are Y's rows or columns.
            Operand xs = xRows != null ? xRows.block(t) : tx ? x.at(from, 0) : x.at(0, from);
            Operand ys = ty ? y.at(0, from) : y.at(from, 0);
            INDArray target = t == 0 ? c : (partials[t - 1] = Nd4j.createUninitialized(c.dataType(), c.shape(), 'c'));
            Operand out = Matrix.of(target).at(0, rows);
            blocks[t] = () -> gemmCall(tx, ty, rows, cols, len, 1.0, xs, ys, 0.0, out);
        }
        int n = Math.toIntExact(c.length());
        Operand sum = Matrix.of(c).at(0, 1);
        Operand[] adds = Arrays.stream(partials).map(p -> Matrix.of(p).at(0, 1)).toArray(Operand[]::new);
        int[] ranges = blocks(n);
        Runnable[] reduce = new Runnable[ranges.length - 1];
        for (int r = 0; r < reduce.length; r++) {
            int from = ranges[r];
            int len = ranges[r + 1] - from;
            reduce[r] = () -> {
                for (Operand p : adds) {
                    axpyCall(len, p.at(from, 0), sum.at(from, 0));
                }
            };
        }
        Object[] keep = {c, partials, operands, xRows}; // the blocks address these arrays' memory
        return () -> {
            Parallel.run(blocks);
            Parallel.run(reduce);
            Reference.reachabilityFence(keep);
        };
    }

    /** {@code y[0, n) += x[0, n)} on contiguous vectors. */
    private static void axpyCall(int n, Operand x, Operand y) {
        if (y.type() == DataType.FLOAT) {
            openblas.cblas_saxpy(n, 1f, (FloatPointer) x.pointer(), 1, (FloatPointer) y.pointer(), 1);
        } else {
            openblas.cblas_daxpy(n, 1.0, (DoublePointer) x.pointer(), 1, (DoublePointer) y.pointer(), 1);
        }
    }

    /** The library that computes float general products, e.g. "oneDNN 2.5.2" (benchmarks record it). */
    public static String floatGemm() {
        return Backend.hostBlas() ? OneDnn.describe() : "ND4J's gemm on " + Backend.describe();
    }

    /**
     * Column-major {@code C[n, n] = alpha · X Xᵀ + beta · C} on the {@code upper} (else lower) triangle, with
     * X = A [n, k] or, when {@code trans}, Aᵀ for A [k, n] (BLAS {@code syrk}); run now.
     */
    public static void syrk(boolean upper, boolean trans, int n, int k, double alpha, Operand a, double beta,
                            Operand c) {
        int[] bounds = Parallel.bounds(n, ALIGN, symmetricBlocks((long) n * n * k / 2));
        List<Runnable> blocks = new ArrayList<>();
        for (int i = 0; i < bounds.length - 1; i++) {
            int r0 = bounds[i];
            int r1 = bounds[i + 1];
            Operand rows = trans ? a.at(0, r0) : a.at(r0, 0); // X's rows r0.. : A's rows, or A's columns
            blocks.add(() -> syrkCall(upper, trans, r1 - r0, k, alpha, rows, beta, c.at(r0, r0)));
            // The rest of the block's rows in the triangle: X[r0:r1] X[r1:n]ᵀ right of the diagonal block (upper),
            // X[r0:r1] X[0:r0]ᵀ left of it (lower). The upper triangle's top blocks have the most work.
            int from = upper ? r1 : 0;
            int to = upper ? n : r0;
            if (to > from) {
                Operand others = trans ? a.at(0, from) : a.at(from, 0);
                blocks.add(() -> gemmCall(trans, !trans, r1 - r0, to - from, k, alpha, rows, others, beta,
                        c.at(r0, from)));
            }
        }
        if (!upper) {
            Collections.reverse(blocks); // the most work first, so that the last blocks taken are short
        }
        Parallel.run(blocks.toArray(Runnable[]::new));
    }

    /**
     * Column-major {@code C[m, n] = alpha · B S} for B [m, n] and the symmetric S [n, n] of which the lower
     * triangle is stored (BLAS {@code symm}, right side, lower); run now, cut into column blocks of C.
     */
    public static void symmRightLower(int m, int n, double alpha, Operand s, Operand b, Operand c) {
        int[] bounds = Parallel.bounds(n, ALIGN, symmetricBlocks((long) m * n * n));
        Runnable[] blocks = new Runnable[bounds.length - 1];
        for (int i = 0; i < blocks.length; i++) {
            int c0 = bounds[i];
            int c1 = bounds[i + 1];
            blocks[i] = () -> {
                // C[:, c0:c1] = B[:, c0:c1] S[c0:c1, c0:c1] + B[:, c1:n] S[c1:n, c0:c1] + B[:, 0:c0] S[c0:c1, 0:c0]ᵀ
                Operand out = c.at(0, c0);
                symmCall(m, c1 - c0, alpha, s.at(c0, c0), b.at(0, c0), out);
                if (n > c1) {
                    gemmCall(false, false, m, c1 - c0, n - c1, alpha, b.at(0, c1), s.at(c1, c0), 1.0, out);
                }
                if (c0 > 0) {
                    gemmCall(false, true, m, c1 - c0, c0, alpha, b.at(0, 0), s.at(c0, 0), 1.0, out);
                }
            };
        }
        Parallel.run(blocks);
    }

    /** A column-major matrix inside an array's host memory: its first element's offset and its leading dimension. */
    public record Operand(Pointer base, DataType type, long offset, int ld) {
        /** The element at (row, column) of this matrix, as the corner of a sub-matrix. */
        public Operand at(int row, int column) {
            return new Operand(base, type, offset + row + (long) column * ld, ld);
        }

        Pointer pointer() {
            return type == DataType.FLOAT ? new FloatPointer(base).position(offset)
                    : new DoublePointer(base).position(offset);
        }
    }

    /** A dense array's memory, to be read as column-major matrices with {@link Matrix#at}. */
    public record Matrix(Pointer base, DataType type) {
        /**
         * The memory of a FLOAT or DOUBLE host array whose values are contiguous from its buffer's start (the buffer
         * may be longer); fails for anything else.
         */
        public static Matrix of(INDArray a) {
            boolean contiguous = a.offset() == 0 && a.data().length() >= a.length()
                    && (a.ordering() == 'c' && a.elementWiseStride() == 1 || columnMajor(a));
            if (!Backend.hostBlas() || (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) || !contiguous) {
                throw new IllegalArgumentException("host BLAS needs a dense FLOAT or DOUBLE array on the CPU backend, got "
                        + a.dataType() + " " + Arrays.toString(a.shape()) + " '" + a.ordering() + "'");
            }
            return new Matrix(a.data().addressPointer(), a.dataType());
        }

        /** The matrix that starts at element {@code offset} with leading dimension {@code ld}. */
        public Operand at(long offset, int ld) {
            return new Operand(base, type, offset, ld);
        }
    }

    private static int symmetricBlocks(long multiplyAdds) {
        int threads = Parallel.threads();
        return threads == 1 || multiplyAdds < SPLIT_THRESHOLD ? 1 : threads * SYMMETRIC_BLOCKS_PER_THREAD;
    }

    /** Column-major {@code C[M, N] = op(X) · op(Y)} in {@code parts} blocks of M ({@code byRows}) or N. */
    private static Runnable[] gemmBlocks(boolean tx, boolean ty, int rows, int cols, int inner, Operand x, Operand y,
                                         Operand c, boolean byRows, int parts, RowCopies xRows) {
        int[] bounds = Parallel.bounds(byRows ? rows : cols, ALIGN, parts);
        Runnable[] out = new Runnable[bounds.length - 1];
        for (int i = 0; i < out.length; i++) {
            int from = bounds[i];
            int len = bounds[i + 1] - from;
            // Rows of op(X) are X's rows (untransposed) or columns; columns of op(Y) are Y's columns or rows.
            Operand xs = xRows != null ? xRows.block(i) : byRows ? (tx ? x.at(0, from) : x.at(from, 0)) : x;
            Operand ys = byRows ? y : (ty ? y.at(from, 0) : y.at(0, from));
            Operand cs = byRows ? c.at(from, 0) : c.at(0, from);
            int m = byRows ? len : rows;
            int n = byRows ? cols : len;
            out[i] = () -> gemmCall(tx, ty, m, n, inner, 1.0, xs, ys, 0.0, cs);
        }
        return out;
    }

    private static void gemmCall(boolean tx, boolean ty, int m, int n, int k, double alpha, Operand x, Operand y,
                                 double beta, Operand c) {
        if (c.type() == DataType.FLOAT && OneDnn.available()) {
            OneDnn.sgemm(tx, ty, m, n, k, (float) alpha, (FloatPointer) x.pointer(), x.ld(), (FloatPointer) y.pointer(),
                    y.ld(), (float) beta, (FloatPointer) c.pointer(), c.ld());
            return;
        }
        int ta = tx ? openblas.CblasTrans : openblas.CblasNoTrans;
        int tb = ty ? openblas.CblasTrans : openblas.CblasNoTrans;
        if (c.type() == DataType.FLOAT) {
            openblas.cblas_sgemm(openblas.CblasColMajor, ta, tb, m, n, k, (float) alpha, (FloatPointer) x.pointer(),
                    x.ld(), (FloatPointer) y.pointer(), y.ld(), (float) beta, (FloatPointer) c.pointer(), c.ld());
        } else {
            openblas.cblas_dgemm(openblas.CblasColMajor, ta, tb, m, n, k, alpha, (DoublePointer) x.pointer(), x.ld(),
                    (DoublePointer) y.pointer(), y.ld(), beta, (DoublePointer) c.pointer(), c.ld());
        }
    }

    private static void syrkCall(boolean upper, boolean trans, int n, int k, double alpha, Operand a, double beta,
                                 Operand c) {
        int uplo = upper ? openblas.CblasUpper : openblas.CblasLower;
        int t = trans ? openblas.CblasTrans : openblas.CblasNoTrans;
        if (c.type() == DataType.FLOAT) {
            openblas.cblas_ssyrk(openblas.CblasColMajor, uplo, t, n, k, (float) alpha, (FloatPointer) a.pointer(),
                    a.ld(), (float) beta, (FloatPointer) c.pointer(), c.ld());
        } else {
            openblas.cblas_dsyrk(openblas.CblasColMajor, uplo, t, n, k, alpha, (DoublePointer) a.pointer(), a.ld(),
                    beta, (DoublePointer) c.pointer(), c.ld());
        }
    }

    private static void symmCall(int m, int n, double alpha, Operand s, Operand b, Operand c) {
        if (c.type() == DataType.FLOAT) {
            openblas.cblas_ssymm(openblas.CblasColMajor, openblas.CblasRight, openblas.CblasLower, m, n, (float) alpha,
                    (FloatPointer) s.pointer(), s.ld(), (FloatPointer) b.pointer(), b.ld(), 0f,
                    (FloatPointer) c.pointer(), c.ld());
        } else {
            openblas.cblas_dsymm(openblas.CblasColMajor, openblas.CblasRight, openblas.CblasLower, m, n, alpha,
                    (DoublePointer) s.pointer(), s.ld(), (DoublePointer) b.pointer(), b.ld(), 0.0,
                    (DoublePointer) c.pointer(), c.ld());
        }
    }

    /** A column-major matrix whose columns follow each other without gaps. */
    private static boolean columnMajor(INDArray a) {
        return a.ordering() == 'f' && a.rank() == 2 && a.stride(0) == 1 && a.stride(1) == a.rows();
    }
}
