package org.ae4j.core.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.ae4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** The host kernels for segment sums and tiling: by hand, and against libnd4j's ops on random rows. */
class SegmentKernelsTest {

    @Test
    void segmentSumByHand() {
        INDArray data = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});
        INDArray ids = Nd4j.createFromArray(2, 0, 2, 2);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, 3, 2);
        SegmentKernels.segmentSum(data, ids, out).run();
        assertArrayEquals(new float[] {3, 4, 0, 0, 13, 16}, out.data().asFloat());
        INDArray back = Nd4j.createUninitialized(DataType.FLOAT, 4, 2);
        SegmentKernels.gatherRows(out, ids, back).run();
        assertArrayEquals(new float[] {13, 16, 3, 4, 13, 16, 13, 16}, back.data().asFloat());
        INDArray grad = Nd4j.createFromArray(new float[][] {{1, 2, 10, 20, 100, 200}});
        INDArray summed = Nd4j.createUninitialized(DataType.FLOAT, 1, 2);
        SegmentKernels.tileBackward(grad, summed).run();
        assertArrayEquals(new float[] {111, 222}, summed.data().asFloat());
        assertNull(SegmentKernels.segmentSum(data.castTo(DataType.DOUBLE), ids, out), "DOUBLE stays with ND4J");
    }

    @Test
    void agreeWithLibnd4jsOps() {
        Rng rng = Rng.seeded(9);
        int rows = 517;
        int segments = 83;
        float[] v = new float[rows * 16];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        int[] id = new int[rows];
        for (int r = 0; r < rows; r++) {
            id[r] = rng.nextInt(segments);
        }
        INDArray data = Nd4j.create(v, new long[] {rows, 16}, 'c');
        INDArray ids = Nd4j.createFromArray(id);
        INDArray expected = Nd4j.create(DataType.FLOAT, segments, 16);
        Nd4j.exec(DynamicCustomOp.builder("unsorted_segment_sum").addInputs(data, ids).addIntegerArguments(segments)
                .addOutputs(expected).build());
        INDArray got = Nd4j.createUninitialized(DataType.FLOAT, segments, 16);
        SegmentKernels.of("unsorted_segment_sum", List.of(data, ids), new INDArray[] {got}).run();
        assertArrayEquals(expected.data().asFloat(), got.data().asFloat(), 1e-5f);

        INDArray grad = got.dup();
        INDArray[] bp = {Nd4j.create(DataType.FLOAT, rows, 16), Nd4j.create(DataType.INT, rows)};
        Nd4j.exec(DynamicCustomOp.builder("unsorted_segment_sum_bp").addInputs(data, ids, grad)
                .addIntegerArguments(segments).addOutputs(bp).build());
        INDArray[] ours = {Nd4j.createUninitialized(DataType.FLOAT, rows, 16), Nd4j.createUninitialized(DataType.INT,
                rows)};
        SegmentKernels.of("unsorted_segment_sum_bp", List.of(data, ids, grad), ours).run();
        assertArrayEquals(bp[0].data().asFloat(), ours[0].data().asFloat());

        INDArray m = data.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 40),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        INDArray tileGrad = Nd4j.create(v, new long[] {rows * 16}, 'c').get(org.nd4j.linalg.indexing.NDArrayIndex
                .interval(0, 40 * 16 * 8)).reshape(40, 128).dup();
        INDArray tiled = Nd4j.create(DataType.FLOAT, 40, 16);
        Nd4j.exec(DynamicCustomOp.builder("tile_bp").addInputs(m, tileGrad).addIntegerArguments(1, 8)
                .addOutputs(tiled).build());
        INDArray ourTiled = Nd4j.createUninitialized(DataType.FLOAT, 40, 16);
        SegmentKernels.of("tile_bp", List.of(m, tileGrad), new INDArray[] {ourTiled}).run();
        assertArrayEquals(tiled.data().asFloat(), ourTiled.data().asFloat(), 1e-5f);

        INDArray forward = Nd4j.create(DataType.FLOAT, 40, 128);
        Nd4j.exec(DynamicCustomOp.builder("tile").addInputs(m).addIntegerArguments(1, 8).addOutputs(forward).build());
        INDArray ourForward = Nd4j.createUninitialized(DataType.FLOAT, 40, 128);
        SegmentKernels.of("tile", List.of(m), new INDArray[] {ourForward}).run();
        assertArrayEquals(forward.data().asFloat(), ourForward.data().asFloat());
    }
}
