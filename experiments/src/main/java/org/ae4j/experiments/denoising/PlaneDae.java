package org.ae4j.experiments.denoising;

import java.util.List;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.model.Corruption;
import org.ae4j.core.model.DenoisingAutoencoder;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Gaussian;
import org.ae4j.core.random.Rng;
import org.ae4j.core.runs.RunDir;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A denoising auto-encoder of points in the plane, as the vector-field experiments train it: additive Gaussian
 * corruption σ with a Gaussian likelihood of the same σ, weights from the seed's "init" stream.
 */
record PlaneDae(DenoisingAutoencoder model, History history) {

    /** A distribution of points in the plane. */
    interface Source {
        /** {@code n} points, [n, 2]. */
        Dataset sample(int n, Rng rng);
    }

    /** Training and held-out points, drawn one after the other from the seed's "data" stream. */
    record Points(Dataset train, Dataset heldOut) {
        static Points draw(Source source, int trainExamples, int heldOutExamples, long seed) {
            Rng rng = Rng.seeded(seed, "data");
            Dataset train = source.sample(trainExamples, rng);
            return new Points(train, source.sample(heldOutExamples, rng));
        }
    }

    /** Trains a DAE with corruption {@code sigma} on {@code data}, evaluating the held-out points after each epoch. */
    static PlaneDae train(Points data, List<Integer> encoderSizes, Activation hidden, double sigma, TrainConfig train,
                          RunDir dir) {
        DenoisingAutoencoder model = new DenoisingAutoencoder(encoderSizes, hidden, new Gaussian(sigma),
                new Corruption.AdditiveGaussian(sigma), Rng.seeded(train.seed(), "init"), DataType.FLOAT);
        History history = new Trainer(train).fit(model.trainGraph(), data.train(), data.heldOut(), dir,
                EpochListener.NONE);
        return new PlaneDae(model, history);
    }

    /** Points as an array, [N, 2] in float. */
    static INDArray matrix(double[][] points) {
        return Nd4j.create(points).castTo(DataType.FLOAT);
    }

    /** [N, 2] points as rows {x, y}. */
    static double[][] rows(INDArray xy) {
        return xy.castTo(DataType.DOUBLE).toDoubleMatrix();
    }
}
