package org.ae4j.core.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.data.Batches;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.Rng;
import org.ae4j.core.data.RowGather;
import org.ae4j.core.engine.Backend;
import org.ae4j.core.engine.Engine;
import org.ae4j.core.engine.ForwardPass;
import org.ae4j.core.engine.OffHeap;
import org.ae4j.core.run.RunDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains any {@link TrainGraph} with Adam over seeded shuffled minibatches, evaluates every loss term
 * on a held-out set after each epoch, and checkpoints each epoch so that a run can be resumed exactly.
 *
 * <p>Randomness: a root {@link Rng} seeded from the config is split once per epoch; the split drives
 * that epoch's shuffling and noise. Held-out evaluation uses its own fixed stream, so the validation
 * curve compares epochs on identical noise.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainConfig config;

    public Trainer(TrainConfig config) {
        this.config = config;
    }

    /**
     * Trains until {@code config.epochs()} epochs are complete. After each epoch the run directory's
     * checkpoint and {@code metrics.csv} are rewritten; when the directory already holds a checkpoint,
     * training resumes from it.
     *
     * @param dir the run directory, or {@code null} to train without writing anything
     * @throws NonFiniteLossException when a loss term becomes NaN or infinite; the files of the last
     *                                completed epoch are left as they were
     */
    public History fit(TrainGraph graph, Dataset train, Dataset valid, RunDir dir, EpochListener listener) {
        Path checkpoint = dir == null ? null : dir.checkpoint();
        Backend.configure();
        checkInputWidth(graph, train, "training");
        checkInputWidth(graph, valid, "held-out");
        List<String> params = graph.parameterNames();
        AdamOptimizer adam = new AdamOptimizer(graph.sd(), params, config.learningRate(), graph.fusible());
        Rng root = Rng.seeded(config.seed(), "trainer");
        History history = History.empty();
        if (checkpoint != null && Files.exists(checkpoint)) {
            Checkpoint saved = Checkpoint.read(checkpoint);
            saved.restore(graph.sd(), params, adam);
            root = Rng.fromState(saved.state().rngState());
            history = saved.state().history();
            LOG.info("resuming from {} after epoch {}", checkpoint, saved.state().epoch());
        }
        RowGather trainRows = new RowGather(train.x());
        RowGather validRows = new RowGather(valid.x());
        Map<Integer, ForwardPass> forwardPasses = new HashMap<>(); // by batch length, kept across epochs
        for (int epoch = history.completedEpochs() + 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            Map<String, Double> trainMeans = trainEpoch(graph, params, trainRows, train.size(), adam, root.split(), epoch);
            Map<String, Double> validMeans = evaluate(graph, validRows, valid.size(), config.batchSize(), evaluationRng(),
                    forwardPasses);
            requireFinite(validMeans, epoch, adam.iteration(), "held-out ");
            requireFiniteParameters(graph, params, epoch, adam.iteration());
            EpochResult result = new EpochResult(epoch, adam.iteration(), (System.nanoTime() - start) / 1e9,
                    trainMeans, validMeans);
            history = history.plus(result);
            if (checkpoint != null) {
                Checkpoint.capture(epoch, graph.sd(), params, adam, root, history).write(checkpoint);
                history.writeCsv(dir.metricsCsv(), dir.timingCsv());
            }
            LOG.info("epoch {}/{}  train {}  valid {}  ({} s)", epoch, config.epochs(), format(trainMeans),
                    format(validMeans), String.format("%.1f", result.seconds()));
            listener.epochDone(result);
        }
        return history;
    }

    private Map<String, Double> trainEpoch(TrainGraph graph, List<String> params, RowGather train, int size,
                                           AdamOptimizer adam, Rng rng, int epoch) {
        List<String> names = graph.loss().names();
        List<String> vars = graph.termVariables();
        List<String> distinct = vars.stream().distinct().toList();
        List<int[]> batches = Batches.shuffled(size, config.batchSize(), rng, false);
        long totalSteps = (long) batches.size() * config.epochs();
        double[] sums = new double[names.size()];
        long seen = 0;
        Map<Integer, INDArray> buffers = new HashMap<>(); // minibatch arrays reused across steps, by batch length
        try (EpochProgress progress = EpochProgress.start("epoch " + epoch + "/" + config.epochs(), batches.size())) {
            for (int[] batch : batches) {
                adam.setLearningRate(config.learningRateAt(adam.iteration(), totalSteps));
                INDArray x = train.rowsInto(batch, buffers.computeIfAbsent(batch.length, train::buffer));
                Map<String, INDArray> feed = graph.feed(x, rng);
                Map<String, Double> values = adam.step(feed, distinct);
                OffHeap.release(feed.values().stream().filter(a -> a != x).toList());
                for (int t = 0; t < names.size(); t++) {
                    double value = values.get(vars.get(t));
                    if (!Double.isFinite(value)) { // no step was taken
                        throw new NonFiniteLossException(epoch, adam.iteration() + 1, "training " + names.get(t), value);
                    }
                    sums[t] += value * batch.length;
                }
                seen += batch.length;
                progress.step(names, sums, seen);
            }
        } finally {
            OffHeap.release(buffers.values());
        }
        Map<String, Double> means = new LinkedHashMap<>();
        for (int t = 0; t < names.size(); t++) {
            means.put(names.get(t), sums[t] / size);
        }
        return means;
    }

    /**
     * The mean of every loss term over {@code data}, in batches, with noise from {@code rng}.
     *
     * @return term name to mean over examples, in the order of {@link org.ae4j.core.loss.LossTerms#names()}
     */
    public static Map<String, Double> evaluate(TrainGraph graph, Dataset data, int batchSize, Rng rng) {
        return evaluate(graph, new RowGather(data.x()), data.size(), batchSize, rng, new HashMap<>());
    }

    /** @param forwardPasses the engine's forward passes by batch length, filled as needed */
    private static Map<String, Double> evaluate(TrainGraph graph, RowGather data, int size, int batchSize, Rng rng,
                                                Map<Integer, ForwardPass> forwardPasses) {
        Backend.configure();
        List<String> names = graph.loss().names();
        List<String> vars = graph.termVariables();
        List<String> distinct = vars.stream().distinct().toList();
        double[] sums = new double[names.size()];
        for (int[] batch : Batches.sequential(size, batchSize)) {
            INDArray x = data.rows(batch);
            Map<String, INDArray> feed = graph.feed(x, rng);
            ForwardPass pass = forwardPasses.get(batch.length);
            if (pass == null || !pass.parametersInPlace()) {
                pass = Engine.current().forwardPass(graph.sd(), feed, distinct);
                forwardPasses.put(batch.length, pass);
            }
            for (Map.Entry<String, INDArray> in : feed.entrySet()) {
                pass.placeholder(in.getKey()).assign(in.getValue());
            }
            pass.run();
            Map<String, Double> values = new HashMap<>();
            for (String v : distinct) {
                values.put(v, pass.output(v).getDouble(0));
            }
            OffHeap.release(feed.values());
            OffHeap.release(List.of(x)); // also when a noise replaced it (dynamic binarization)
            for (int t = 0; t < names.size(); t++) {
                sums[t] += values.get(vars.get(t)) * batch.length;
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        for (int t = 0; t < names.size(); t++) {
            means.put(names.get(t), sums[t] / size);
        }
        return means;
    }

    /** The fixed noise stream for held-out evaluation under this config's seed. */
    public Rng evaluationRng() {
        return Rng.seeded(config.seed(), "evaluation");
    }

    private static void checkInputWidth(TrainGraph graph, Dataset data, String what) {
        long[] shape = graph.sd().getVariable(graph.input()).getShape();
        if (shape != null && shape.length == 2 && shape[1] > 0 && shape[1] != data.dim()) {
            throw new IllegalArgumentException("the " + what + " data has " + data.dim()
                    + " features per example but the model's input '" + graph.input() + "' takes " + shape[1]);
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("the " + what + " data is empty");
        }
    }

    private static void requireFinite(Map<String, Double> means, int epoch, long step, String prefix) {
        means.forEach((name, value) -> {
            if (!Double.isFinite(value)) {
                throw new NonFiniteLossException(epoch, step, prefix + name, value);
            }
        });
    }

    private static void requireFiniteParameters(TrainGraph graph, List<String> params, int epoch, long step) {
        SameDiff sd = graph.sd();
        for (String p : params) {
            double sum = sd.getVariable(p).getArr().sumNumber().doubleValue();
            if (!Double.isFinite(sum)) {
                throw new NonFiniteLossException(epoch, step, "parameter " + p, sum);
            }
        }
    }

    private static String format(Map<String, Double> means) {
        StringBuilder s = new StringBuilder();
        means.forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append(k).append('=')
                .append(String.format("%.4f", v)));
        return s.toString();
    }
}
