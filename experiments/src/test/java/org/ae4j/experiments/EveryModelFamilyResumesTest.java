package org.ae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.ae4j.core.data.Feeds;
import org.ae4j.core.data.HostArrays;
import org.ae4j.core.data.RowBatches;
import org.ae4j.core.data.StepHook;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.linear.LinearAutoencoder;
import org.ae4j.core.model.Autoencoder;
import org.ae4j.core.model.PerDatapointPosterior;
import org.ae4j.core.model.TrainGraph;
import org.ae4j.core.model.Vae;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.random.Rng;
import org.ae4j.core.runs.RunDir;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.ae4j.graph.data.NodeOrdering;
import org.ae4j.graph.data.Graph;
import org.ae4j.graph.data.GraphFamilies;
import org.ae4j.graph.data.SmallGraph;
import org.ae4j.graph.model.GraphAutoencoder;
import org.ae4j.graph.model.GraphVae;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every model family trains through the one {@link Trainer}: a run killed after its first epoch and resumed from its
 * checkpoint, by a model built with other initial weights, ends with the bits of an uninterrupted run (every term of
 * every epoch, every parameter).
 */
class EveryModelFamilyResumesTest {
    private static final int EPOCHS = 3;

    /** What one family needs for a run; {@code valid} may be null. */
    record Setup(TrainGraph graph, Feeds train, Feeds valid, TrainConfig config, List<StepHook> hooks) {
    }

    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of("auto-encoder on row batches", (LongFunction<Setup>) init -> {
                    Autoencoder ae = new Autoencoder(List.of(12, 6, 3), Activation.TANH, Rng.seeded(init), DataType.FLOAT);
                    return rows(ae.trainGraph());
                }),
                Arguments.of("VAE on row batches, ε per step", (LongFunction<Setup>) init -> {
                    Vae vae = new Vae(new Vae.Spec(List.of(12, 6), Activation.TANH, 2, new Bernoulli(), 2, 1.0),
                            Rng.seeded(init), DataType.FLOAT);
                    return rows(vae.trainGraph());
                }),
                Arguments.of("linear AE on the second moment, full batch", (LongFunction<Setup>) init -> {
                    LinearAutoencoder lae = LinearAutoencoder.onSecondMoment(12, new double[] {0.1, 0.5}, 0.1,
                            Rng.seeded(init), DataType.DOUBLE);
                    INDArray x = images(40, 12, 3).castTo(DataType.DOUBLE);
                    INDArray s = x.transpose().mmul(x).divi(40);
                    return new Setup(lae.trainGraph(), lae.secondMomentFeeds(s), null, config(1, 0.05), List.of());
                }),
                Arguments.of("per-datapoint posteriors, full batch, ε per step", (LongFunction<Setup>) init -> {
                    Vae vae = new Vae(new Vae.Spec(List.of(12, 6), Activation.TANH, 2, new Bernoulli(), 1, 1.0),
                            Rng.seeded(5), DataType.FLOAT);
                    INDArray x = images(8, 12, 4);
                    Vae.Posterior start = vae.encode(x);
                    // Another start for the resumed run: the checkpoint must restore the posteriors.
                    Vae.Posterior q0 = init == 1 ? start : new Vae.Posterior(start.mean().add(1), start.logVar());
                    PerDatapointPosterior q = new PerDatapointPosterior(vae, x, q0, 3);
                    return new Setup(q.trainGraph(), q.feeds(), null, config(1, 0.05), List.of());
                }),
                Arguments.of("VGAE, full batch, fused adjacency loss", (LongFunction<Setup>) init -> {
                    GraphAutoencoder vgae = new GraphAutoencoder(new GraphAutoencoder.Spec(8, 4, true, List.of(), null),
                            ring(20), Rng.seeded(init), DataType.FLOAT);
                    return new Setup(vgae.trainGraph(), vgae.feeds(), null, config(1, 0.01), List.of());
                }),
                Arguments.of("graph VAE, aligned batches, KL warm-up and free bits", (LongFunction<Setup>) init -> {
                    GraphVae model = new GraphVae(new GraphVae.Spec(6, 1, 1, List.of(8), 3, List.of(16), 1),
                            Rng.seeded(init), DataType.FLOAT);
                    Rng data = Rng.seeded(21);
                    List<SmallGraph> trees = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        trees.add(GraphFamilies.Family.TREE.sample(6, data));
                    }
                    TrainConfig config = config(16, 3e-3);
                    GraphVae.KlSchedule kl = new GraphVae.KlSchedule(2, 0.1).requireWithin(config.epochs());
                    return new Setup(model.trainGraph(), model.batches(trees, new GraphVae.Alignment.Orderings(
                            NodeOrdering.BFS), 16), null, config, kl.hooks());
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void aResumedRunEndsWithTheBitsOfAnUninterruptedOne(String family, LongFunction<Setup> build, @TempDir Path dir) {
        Setup straight = build.apply(1);
        History expected = fit(straight, run(dir, "straight"), EpochListener.NONE);

        RunDir run = run(dir, "killed");
        Setup killed = build.apply(1);
        assertThrows(IllegalStateException.class, () -> fit(killed, run, epoch -> {
            throw new IllegalStateException("killed after epoch " + epoch.epoch()); // its checkpoint is written
        }));
        Setup resumed = build.apply(2);
        List<Integer> heard = new ArrayList<>();
        History actual = fit(resumed, run, epoch -> heard.add(epoch.epoch()));

        assertEquals(List.of(2, 3), heard, family);
        assertEquals(expected.toCsv(), actual.toCsv(), family);
        for (String p : straight.graph().parameterNames()) {
            assertEquals(straight.graph().sd().getVariable(p).getArr(), resumed.graph().sd().getVariable(p).getArr(),
                    family + ": parameter " + p);
        }
    }

    private static History fit(Setup s, RunDir dir, EpochListener listener) {
        return new Trainer(s.config()).withHooks(s.hooks()).fit(s.graph(), s.train(), s.valid(), dir, listener);
    }

    private static Setup rows(TrainGraph graph) {
        TrainConfig config = config(8, 1e-2);
        return new Setup(graph, RowBatches.shuffled(graph.input(), Dataset.unlabelled(images(44, 12, 1)), 8),
                RowBatches.sequential(graph.input(), Dataset.unlabelled(images(10, 12, 2)), 8), config, List.of());
    }

    private static TrainConfig config(int batchSize, double learningRate) {
        return new TrainConfig(EPOCHS, batchSize, learningRate, learningRate / 10, 7);
    }

    private static RunDir run(Path dir, String name) {
        return RunDir.create(dir, name, 7, LocalDateTime.of(2026, 1, 1, 0, 0));
    }

    /** Values in [0, 1], [n, d]. */
    private static INDArray images(int n, int d, long seed) {
        Rng rng = Rng.seeded(seed);
        double[] v = new double[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble();
        }
        return HostArrays.of(v, new long[] {n, d}, DataType.FLOAT);
    }

    /** A ring of n nodes with chords to the second neighbour, one-hot features. */
    private static Graph ring(int n) {
        int[][] edges = new int[2 * n][];
        for (int i = 0; i < n; i++) {
            for (int step = 1; step <= 2; step++) {
                int j = (i + step) % n;
                edges[2 * i + step - 1] = new int[] {Math.min(i, j), Math.max(i, j)};
            }
        }
        return new Graph(n, edges, org.nd4j.linalg.factory.Nd4j.eye(n).castTo(DataType.FLOAT), null);
    }
}
