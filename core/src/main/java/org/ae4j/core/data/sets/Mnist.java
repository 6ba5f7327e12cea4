package org.ae4j.core.data.sets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.Split;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.data.formats.DataFormatException;
import org.ae4j.core.data.formats.Idx;
import org.ae4j.core.data.formats.IdxTensor;
import org.ae4j.core.data.formats.MissingDataException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MNIST loader. Files live in {@code <dataDir>/mnist/}: {@code train-images-idx3-ubyte.gz},
 * {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz},
 * or the same names without {@code .gz}. Compression is detected from content, not the name.
 *
 * <p>Result: x FLOAT [N, 784], pixel/255 in [0, 1], each row one image row-major; labels 0..9.
 */
public final class Mnist {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final int CLASSES = 10;
    /** Sub-folder of a data directory holding the MNIST files. */
    public static final String FOLDER = "mnist";

    // pixel -> intensity, so the conversion loop is one table look-up per byte.
    private static final float[] INTENSITY = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            INTENSITY[i] = i / 255f;
        }
    }

    private Mnist() {
    }

    /**
     * The 60,000 training images from the default data directories ({@link DataDir#resolve()}: the
     * {@code AE4J_DATA} variable, {@code ~/.ae4j/data}, {@code ../shared/datasets}), downloading the files when
     * none holds them.
     */
    public static Dataset train() throws IOException {
        return load(DataDir.resolve(), Split.TRAIN);
    }

    /** The 10,000 test images, found as {@link #train()} finds the training images. */
    public static Dataset test() throws IOException {
        return load(DataDir.resolve(), Split.TEST);
    }

    /** The 60,000 training images from {@code <dataDir>/mnist/}. */
    public static Dataset train(Path dataDir) throws IOException {
        return load(dataDir, Split.TRAIN);
    }

    /** The 10,000 test images from {@code <dataDir>/mnist/}. */
    public static Dataset test(Path dataDir) throws IOException {
        return load(dataDir, Split.TEST);
    }

    /** Loads {@code split} from {@code <dataDir>/mnist/}, taking the .gz name first, then the plain one. */
    public static Dataset load(Path dataDir, Split split) throws IOException {
        Path folder = dataDir.resolve(FOLDER);
        return fromFiles(inFolder(folder, imagesFile(split)), inFolder(folder, labelsFile(split)));
    }

    /** Loads {@code split} from the first data directory holding each file, downloading it if needed. */
    public static Dataset load(DataDir dirs, Split split) throws IOException {
        return fromFiles(locate(dirs, imagesFile(split)), locate(dirs, labelsFile(split)));
    }

    /** Loads an image file and a label file (each raw or gzip IDX) and checks they agree. */
    public static Dataset fromFiles(Path images, Path labels) throws IOException {
        IdxTensor img = Idx.read(images);
        IdxTensor lab = Idx.read(labels);
        if (img.rank() != 3 || img.dims()[1] != SIDE || img.dims()[2] != SIDE) {
            throw new DataFormatException(images + ": MNIST images must have dims [N, 28, 28], got " + img);
        }
        if (lab.rank() != 1) {
            throw new DataFormatException(labels + ": MNIST labels must have dims [N], got " + lab);
        }
        if (img.count() != lab.count()) {
            throw new DataFormatException("MNIST image/label count mismatch: " + images + " has " + img.count()
                    + " images but " + labels + " has " + lab.count() + " labels");
        }
        int n = img.count();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = lab.unsigned(i);
            if (y[i] >= CLASSES) {
                throw new DataFormatException(labels + ": label " + i + " is " + y[i] + ", outside 0..9");
            }
        }
        byte[] pixels = img.data();
        float[] x = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            x[i] = INTENSITY[pixels[i] & 0xFF];
        }
        return new Dataset(Nd4j.create(x, new long[] {n, PIXELS}, DataType.FLOAT), y);
    }

    /** e.g. {@code train-images-idx3-ubyte} (without .gz). */
    public static String imagesFile(Split split) {
        return prefix(split) + "-images-idx3-ubyte";
    }

    /** e.g. {@code train-labels-idx1-ubyte} (without .gz). */
    public static String labelsFile(Split split) {
        return prefix(split) + "-labels-idx1-ubyte";
    }

    private static String prefix(Split split) {
        return split == Split.TRAIN ? "train" : "t10k";
    }

    private static Path inFolder(Path folder, String name) {
        for (String candidate : new String[] {name + ".gz", name}) {
            Path p = folder.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new MissingDataException("MNIST file not found: neither " + name + ".gz nor " + name + " is in "
                + folder.toAbsolutePath() + "; put the MNIST IDX files there (see datasets README)");
    }

    private static Path locate(DataDir dirs, String name) {
        String gz = FOLDER + "/" + name + ".gz";
        Optional<Path> found = dirs.find(gz).or(() -> dirs.find(FOLDER + "/" + name));
        return found.orElseGet(() -> dirs.require(gz));
    }
}
