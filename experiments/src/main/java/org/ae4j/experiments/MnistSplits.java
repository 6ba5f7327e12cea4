package org.ae4j.experiments;

import java.io.IOException;
import java.util.List;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.Split;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.model.TrainGraph;
import org.ae4j.core.runs.RunDir;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;

/**
 * MNIST as the experiments split it: training images from the front of the official training set,
 * held-out images from its end (the last 5,000 in full runs), and the first test images.
 */
public record MnistSplits(Dataset train, Dataset heldOut, Dataset test) {

    public static MnistSplits load(DataDir dir, Sizes sizes) throws IOException {
        Dataset all = Mnist.load(dir, Split.TRAIN);
        return new MnistSplits(all.slice(0, sizes.train()), all.slice(all.size() - sizes.heldOut(), all.size()),
                Mnist.load(dir, Split.TEST).head(sizes.test()));
    }

    /**
     * How many images each split takes, within what MNIST holds: training and held-out images at least one each
     * and together within the 60,000 training images, test images within 1..10,000.
     */
    public record Sizes(int train, int heldOut, int test) {
        /** The full runs' split: 55,000 training images, the other 5,000 held out, all 10,000 test images. */
        public static final Sizes FULL = new Sizes(55_000, 5_000, 10_000);

        public Sizes {
            if (train < 1 || heldOut < 1 || train + heldOut > 60_000 || test < 1 || test > 10_000) {
                throw new IllegalArgumentException("need train, held-out >= 1 with train + held-out <= 60000 and "
                        + "test in 1..10000; got " + train + ", " + heldOut + ", " + test);
            }
        }
    }

    /** A copy of an encoder's widths, checked to start at MNIST's 784 pixels. */
    public static List<Integer> pixelsIn(List<Integer> encoderSizes) {
        if (encoderSizes.isEmpty() || encoderSizes.get(0) != Mnist.PIXELS) {
            throw new IllegalArgumentException("the encoder must take " + Mnist.PIXELS + " pixels, got " + encoderSizes);
        }
        return List.copyOf(encoderSizes);
    }

    /**
     * Trains {@code graph} on the training images, evaluating the held-out images after each epoch, with
     * checkpoints and {@code metrics.csv} in {@code dir} (where a resumed run continues).
     */
    public History fit(TrainGraph graph, TrainConfig config, RunDir dir, EpochListener listener) {
        return new Trainer(config).fit(graph, train, heldOut, dir, listener);
    }

    public History fit(TrainGraph graph, TrainConfig config, RunDir dir) {
        return fit(graph, config, dir, EpochListener.NONE);
    }
}
