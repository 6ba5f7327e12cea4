package org.ae4j.experiments.graph;

import org.ae4j.core.loss.Term;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.ae4j.graph.data.EdgeSplit;
import org.ae4j.graph.data.Graph;
import org.ae4j.graph.eval.LinkPrediction;
import org.ae4j.graph.model.GraphAutoencoder;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One seed of a link-prediction run (Kipf &amp; Welling 2016): a fresh edge split and initialization, full-batch
 * Adam on the training edges, then AUC and AP on the held-out edges against as many non-edges, scored with
 * the encoder means.
 *
 * @param lossTrace       the loss after each epoch
 * @param secondsPerEpoch wall time of training divided by the epochs
 */
record LinkRun(GraphAutoencoder model, EdgeSplit split, LinkPrediction test, LinkPrediction valid, double[] lossTrace,
               double secondsPerEpoch) {

    static LinkRun train(Graph graph, GraphAutoencoder.Spec spec, int epochs, double learningRate, double validFraction,
                         double testFraction, long seed) {
        EdgeSplit split = EdgeSplit.of(graph, validFraction, testFraction, Rng.seeded(seed, "split"));
        GraphAutoencoder model = new GraphAutoencoder(spec, graph.withEdges(split.train()), Rng.seeded(seed, "init"),
                DataType.FLOAT);
        long start = System.nanoTime();
        History history = new Trainer(new TrainConfig(epochs, 1, learningRate, seed)).withStream("noise")
                .checkpointEvery(epochs).fit(model.trainGraph(), model.feeds(), null, null, EpochListener.NONE);
        double[] trace = history.trainCurve(Term.TOTAL);
        double secondsPerEpoch = (System.nanoTime() - start) / 1e9 / epochs;
        LinkPrediction test = LinkPrediction.of(model.edgeProbabilities(split.testEdges()),
                model.edgeProbabilities(split.testNonEdges()));
        LinkPrediction valid = LinkPrediction.of(model.edgeProbabilities(split.validEdges()),
                model.edgeProbabilities(split.validNonEdges()));
        return new LinkRun(model, split, test, valid, trace, secondsPerEpoch);
    }

    double finalLoss() {
        return lossTrace[lossTrace.length - 1];
    }
}
