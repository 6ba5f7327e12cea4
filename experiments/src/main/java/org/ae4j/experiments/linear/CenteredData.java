package org.ae4j.experiments.linear;

import java.io.IOException;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.data.Split;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training and test examples centered by the training mean, with the training second moment
 * S = (1/N) Xc^T Xc that full-batch linear auto-encoders train on. All in DOUBLE.
 *
 * @param train        centered training examples, [N, D]
 * @param test         test examples minus the training mean, [M, D]
 * @param mean         the training mean, [1, D]
 * @param secondMoment S, [D, D]
 */
public record CenteredData(INDArray train, INDArray test, INDArray mean, INDArray secondMoment) {

    public static CenteredData of(Dataset train, Dataset test) {
        INDArray x = train.x().castTo(DataType.DOUBLE);
        INDArray mean = x.mean(true, 0);                                    // [1, D]
        INDArray xc = x.subRowVector(mean);
        INDArray s = xc.transpose().mmul(xc).divi(xc.rows());               // [D, D]
        return new CenteredData(xc, test.x().castTo(DataType.DOUBLE).subRowVector(mean), mean, s);
    }

    /** The first {@code trainExamples} MNIST training images and all 10,000 test images, centered. */
    public static CenteredData mnist(DataDir dir, int trainExamples) throws IOException {
        return of(Mnist.load(dir, Split.TRAIN).head(trainExamples), Mnist.load(dir, Split.TEST));
    }

    public int dim() {
        return (int) train.columns();
    }
}
