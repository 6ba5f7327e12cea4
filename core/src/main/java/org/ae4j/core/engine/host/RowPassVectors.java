package org.ae4j.core.engine.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link RowPasses}' passes with the Vector API; loaded only when the JVM has {@code jdk.incubator.vector}. */
final class RowPassVectors {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final FloatVector ZERO = FloatVector.zero(SPECIES);

    private RowPassVectors() {
    }

    /** dx = dy where x > 0, else 0, over elements [from, to). */
    static void reluBackward(ByteBuffer x, ByteBuffer dy, ByteBuffer dx, int from, int to) {
        int end = from + SPECIES.loopBound(to - from);
        for (int i = from; i < end; i += SPECIES.length()) {
            FloatVector xv = FloatVector.fromByteBuffer(SPECIES, x, i * Float.BYTES, ORDER);
            FloatVector g = FloatVector.fromByteBuffer(SPECIES, dy, i * Float.BYTES, ORDER);
            ZERO.blend(g, xv.compare(VectorOperators.GT, 0f)).intoByteBuffer(dx, i * Float.BYTES, ORDER);
        }
        for (int i = end; i < to; i++) {
            dx.putFloat(i * Float.BYTES, x.getFloat(i * Float.BYTES) > 0 ? dy.getFloat(i * Float.BYTES) : 0f);
        }
    }

    /** out = x where x > 0, else 0, over elements [from, to). */
    static void relu(ByteBuffer x, ByteBuffer out, int from, int to) {
        int end = from + SPECIES.loopBound(to - from);
        for (int i = from; i < end; i += SPECIES.length()) {
            FloatVector xv = FloatVector.fromByteBuffer(SPECIES, x, i * Float.BYTES, ORDER);
            ZERO.blend(xv, xv.compare(VectorOperators.GT, 0f)).intoByteBuffer(out, i * Float.BYTES, ORDER);
        }
        for (int i = end; i < to; i++) {
            float v = x.getFloat(i * Float.BYTES);
            out.putFloat(i * Float.BYTES, v > 0 ? v : 0f);
        }
    }

    /** out[r, :] = a[r, :] + row for rows [from, to) of [R, columns] arrays. */
    static void addRow(ByteBuffer a, ByteBuffer row, ByteBuffer out, int columns, int from, int to) {
        int end = SPECIES.loopBound(columns);
        for (int r = from; r < to; r++) {
            int base = r * columns;
            for (int j = 0; j < end; j += SPECIES.length()) {
                FloatVector.fromByteBuffer(SPECIES, a, (base + j) * Float.BYTES, ORDER)
                        .add(FloatVector.fromByteBuffer(SPECIES, row, j * Float.BYTES, ORDER))
                        .intoByteBuffer(out, (base + j) * Float.BYTES, ORDER);
            }
            for (int j = end; j < columns; j++) {
                out.putFloat((base + j) * Float.BYTES, a.getFloat((base + j) * Float.BYTES) + row.getFloat(j * Float.BYTES));
            }
        }
    }

    /**
     * out[j] = Σ_r dc[r, j], rows added in order, for columns [from, to) of dc [rows, columns]: row by row into out,
     * so that every read runs along a row. A first version that went down each column with masked loads took
     * 211 µs on [128, 784], ten times as long.
     */
    static void columnSums(ByteBuffer dc, ByteBuffer out, int rows, int columns, int from, int to) {
        int end = from + SPECIES.loopBound(to - from);
        for (int r = 0; r < rows; r++) {
            int base = r * columns;
            for (int j = from; j < end; j += SPECIES.length()) {
                FloatVector v = FloatVector.fromByteBuffer(SPECIES, dc, (base + j) * Float.BYTES, ORDER);
                FloatVector sum = r == 0 ? v : FloatVector.fromByteBuffer(SPECIES, out, j * Float.BYTES, ORDER).add(v);
                sum.intoByteBuffer(out, j * Float.BYTES, ORDER);
            }
            for (int j = end; j < to; j++) {
                float v = dc.getFloat((base + j) * Float.BYTES);
                out.putFloat(j * Float.BYTES, r == 0 ? v : out.getFloat(j * Float.BYTES) + v);
            }
        }
    }

    /** dx = dy · (1 − y · y) over elements [from, to), y = tanh(x) from the forward pass: tanh's backward. */
    static void tanhBackward(ByteBuffer y, ByteBuffer dy, ByteBuffer dx, int from, int to) {
        int end = from + SPECIES.loopBound(to - from);
        for (int i = from; i < end; i += SPECIES.length()) {
            FloatVector yv = FloatVector.fromByteBuffer(SPECIES, y, i * Float.BYTES, ORDER);
            FloatVector g = FloatVector.fromByteBuffer(SPECIES, dy, i * Float.BYTES, ORDER);
            g.mul(yv.mul(yv).neg().add(1f)).intoByteBuffer(dx, i * Float.BYTES, ORDER);
        }
        for (int i = end; i < to; i++) {
            float v = y.getFloat(i * Float.BYTES);
            dx.putFloat(i * Float.BYTES, dy.getFloat(i * Float.BYTES) * (1f - v * v));
        }
    }

    /** out = a · b over elements [from, to). */
    static void multiply(ByteBuffer a, ByteBuffer b, ByteBuffer out, int from, int to) {
        int end = from + SPECIES.loopBound(to - from);
        for (int i = from; i < end; i += SPECIES.length()) {
            FloatVector.fromByteBuffer(SPECIES, a, i * Float.BYTES, ORDER)
                    .mul(FloatVector.fromByteBuffer(SPECIES, b, i * Float.BYTES, ORDER))
                    .intoByteBuffer(out, i * Float.BYTES, ORDER);
        }
        for (int i = end; i < to; i++) {
            out.putFloat(i * Float.BYTES, a.getFloat(i * Float.BYTES) * b.getFloat(i * Float.BYTES));
        }
    }

    /**
     * For blocks [from, to) of a [blocks, repeats, width] product c = a · b where a is [blocks, 1, width] (repeated
     * along the middle axis): db = dc · a, and da[k, 0, :] = Σ_s dc[k, s, :] · b[k, s, :], s in order.
     */
    static void multiplyRepeatedBackward(ByteBuffer a, ByteBuffer b, ByteBuffer dc, ByteBuffer da, ByteBuffer db,
                                         int repeats, int width, int from, int to) {
        int end = SPECIES.loopBound(width);
        for (int k = from; k < to; k++) {
            int row = k * width;
            for (int s = 0; s < repeats; s++) {
                int base = (k * repeats + s) * width;
                for (int j = 0; j < end; j += SPECIES.length()) {
                    FloatVector g = FloatVector.fromByteBuffer(SPECIES, dc, (base + j) * Float.BYTES, ORDER);
                    FloatVector av = FloatVector.fromByteBuffer(SPECIES, a, (row + j) * Float.BYTES, ORDER);
                    g.mul(av).intoByteBuffer(db, (base + j) * Float.BYTES, ORDER);
                    FloatVector p = g.mul(FloatVector.fromByteBuffer(SPECIES, b, (base + j) * Float.BYTES, ORDER));
                    (s == 0 ? p : FloatVector.fromByteBuffer(SPECIES, da, (row + j) * Float.BYTES, ORDER).add(p))
                            .intoByteBuffer(da, (row + j) * Float.BYTES, ORDER);
                }
                for (int j = end; j < width; j++) {
                    float g = dc.getFloat((base + j) * Float.BYTES);
                    db.putFloat((base + j) * Float.BYTES, g * a.getFloat((row + j) * Float.BYTES));
                    float p = g * b.getFloat((base + j) * Float.BYTES);
                    da.putFloat((row + j) * Float.BYTES, s == 0 ? p : da.getFloat((row + j) * Float.BYTES) + p);
                }
            }
        }
    }
}
