package org.ae4j.experiments;

import java.io.IOException;
import org.ae4j.core.data.DataDir;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.Mnist;
import org.ae4j.core.data.Split;

/**
 * MNIST as the experiments split it: training images from the front of the official training set,
 * held-out images from its end (the last 5,000 in full runs), and the first test images.
 */
record MnistSplits(Dataset train, Dataset heldOut, Dataset test) {

    static MnistSplits load(DataDir dir, int trainExamples, int heldOutExamples, int testExamples) throws IOException {
        Dataset all = Mnist.load(dir, Split.TRAIN);
        return new MnistSplits(all.slice(0, trainExamples), all.slice(all.size() - heldOutExamples, all.size()),
                Mnist.load(dir, Split.TEST).head(testExamples));
    }
}
