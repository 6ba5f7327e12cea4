package org.ae4j.core.data.sets;

import static org.ae4j.core.data.formats.TestFiles.gzip;
import static org.ae4j.core.data.formats.TestFiles.idx;
import static org.ae4j.core.data.formats.TestFiles.ramp;
import static org.ae4j.core.data.formats.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.Split;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.data.formats.DataFormatException;
import org.ae4j.core.data.formats.MissingDataException;
import org.ae4j.core.data.formats.Sha256;
import org.ae4j.core.data.formats.TestFiles;
import org.ae4j.core.random.Rng;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MnistTest {
    @TempDir
    Path dir;

    private void writeSplit(String prefix, int images, byte[] labels, boolean gz) throws Exception {
        byte[] img = idx(new int[] {images, 28, 28}, ramp(images * 784, 0));
        byte[] lab = idx(new int[] {labels.length}, labels);
        String suffix = gz ? ".gz" : "";
        write(dir.resolve("mnist/" + prefix + "-images-idx3-ubyte" + suffix), gz ? gzip(img) : img);
        write(dir.resolve("mnist/" + prefix + "-labels-idx1-ubyte" + suffix), gz ? gzip(lab) : lab);
    }

    @Test
    void loadsTinyGzipSplitScaledToUnitInterval() throws Exception {
        writeSplit("train", 2, new byte[] {3, 9}, true);
        Dataset d = Mnist.train(dir);
        assertArrayEquals(new long[] {2, 784}, d.x().shape());
        assertEquals(DataType.FLOAT, d.x().dataType());
        assertArrayEquals(new int[] {3, 9}, d.labels());
        assertEquals(0f, d.x().getFloat(0, 0));
        assertEquals(1f, d.x().getFloat(0, 255), 0f);
        assertEquals(16f / 255f, d.x().getFloat(1, 0), 1e-7); // image 1 starts at byte 784 = 16 mod 256
    }

    @Test
    void acceptsUncompressedNames() throws Exception {
        writeSplit("t10k", 1, new byte[] {7}, false);
        assertArrayEquals(new int[] {7}, Mnist.test(dir).labels());
    }

    @Test
    void imageLabelCountMismatch() throws Exception {
        writeSplit("train", 3, new byte[] {1, 2}, true);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Mnist.train(dir));
        assertTrue(e.getMessage().contains("count mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("3 images") && e.getMessage().contains("2 labels"), e.getMessage());
    }

    @Test
    void rejectsWrongImageSizeAndLabelRange() throws Exception {
        write(dir.resolve("mnist/train-images-idx3-ubyte.gz"), gzip(idx(new int[] {1, 27, 29}, new byte[27 * 29])));
        write(dir.resolve("mnist/train-labels-idx1-ubyte.gz"), gzip(idx(new int[] {1}, new byte[] {1})));
        assertTrue(assertThrows(DataFormatException.class, () -> Mnist.train(dir)).getMessage().contains("28, 28"));
        writeSplit("train", 1, new byte[] {10}, true);
        assertTrue(assertThrows(DataFormatException.class, () -> Mnist.train(dir)).getMessage().contains("0..9"));
    }

    @Test
    void missingFilesNamed() {
        MissingDataException e = assertThrows(MissingDataException.class, () -> Mnist.test(dir));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz"), e.getMessage());
    }

    @Test
    void binarizationIsSeededBinaryAndUnbiased() {
        Rng data = Rng.seeded(1);
        float[] p = new float[200_000];
        for (int i = 0; i < p.length; i++) {
            p[i] = data.nextFloat();
        }
        INDArray x = Nd4j.create(p, new long[] {1000, 200}, DataType.FLOAT);
        INDArray before = x.dup();
        INDArray a = org.ae4j.core.prob.Bernoulli.sample(x, Rng.seeded(42));
        INDArray b = org.ae4j.core.prob.Bernoulli.sample(x, Rng.seeded(42));
        INDArray c = org.ae4j.core.prob.Bernoulli.sample(x, Rng.seeded(43));
        assertEquals(before, x, "input untouched");
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertArrayEquals(x.shape(), a.shape());
        float[] v = a.data().asFloat();
        assertTrue(allBinary(v));
        assertEquals(TestFiles.mean(x), TestFiles.mean(a), 0.005);
        // Probability 0 and 1 are exact.
        INDArray edges = Nd4j.create(new float[] {0f, 1f, 0f, 1f}, new long[] {2, 2}, DataType.FLOAT);
        assertEquals(edges, org.ae4j.core.prob.Bernoulli.sample(edges, Rng.seeded(7)));
        assertThrows(IllegalArgumentException.class,
                () -> org.ae4j.core.prob.Bernoulli.sample(Nd4j.create(new float[] {2f}, new long[] {1, 1}, DataType.FLOAT), Rng.seeded(1)));
    }

    private static boolean allBinary(float[] v) {
        for (float f : v) {
            if (f != 0f && f != 1f) {
                return false;
            }
        }
        return true;
    }

    @Test
    void realTrainingSet() throws Exception {
        Path data = TestFiles.realData().orElse(null);
        Assumptions.assumeTrue(data != null, "shared datasets not present");
        Dataset train = Mnist.train(data);
        assertArrayEquals(new long[] {60000, 784}, train.x().shape());
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, Arrays.copyOf(train.labels(), 10));
        assertEquals(33.318 / 255, TestFiles.mean(train.x()), 0.001 / 255);
        int[] histogram = new int[10];
        for (int y : train.labels()) {
            histogram[y]++;
        }
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, histogram);
        assertEquals(1f, train.x().maxNumber().floatValue());
        assertFalse(train.x().minNumber().floatValue() < 0f);
    }

    @Test
    void realTestSet() throws Exception {
        Path data = TestFiles.realData().orElse(null);
        Assumptions.assumeTrue(data != null, "shared datasets not present");
        Dataset test = Mnist.load(DataDir.resolve(data), Split.TEST);
        assertArrayEquals(new long[] {10000, 784}, test.x().shape());
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(test.labels(), 10));
    }

    @Test
    void realFilesMatchKnownContentHashes() throws Exception {
        Path data = TestFiles.realData().orElse(null);
        Assumptions.assumeTrue(data != null, "shared datasets not present");
        for (DataDir.Source s : DataDir.KNOWN_SOURCES.values()) {
            assertEquals(s.contentSha256(), Sha256.ofContent(data.resolve(s.relativePath())), s.relativePath());
        }
    }
}
