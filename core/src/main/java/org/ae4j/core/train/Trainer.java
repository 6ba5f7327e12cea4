package org.ae4j.core.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.data.Feeds;
import org.ae4j.core.data.RowBatches;
import org.ae4j.core.data.StepHook;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.engine.Backend;
import org.ae4j.core.engine.Engine;
import org.ae4j.core.engine.ForwardPass;
import org.ae4j.core.memory.OffHeap;
import org.ae4j.core.loss.Term;
import org.ae4j.core.model.TrainGraph;
import org.ae4j.core.optim.AdamOptimizer;
import org.ae4j.core.random.Rng;
import org.ae4j.core.runs.RunDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: Adam on a {@link TrainGraph} over the steps of its {@link Feeds} (shuffled minibatches, one full
 * batch, or batches a model builds per step), with the step size on the config's schedule, the graph's noise drawn
 * per step, optional {@link StepHook}s, every loss term's mean per epoch on the training steps and on held-out
 * feeds, a check that no term or parameter became NaN, and a checkpoint that resumes a run exactly.
 *
 * <p>Randomness: one root {@link Rng} per run, seeded from the config's seed and the trainer's stream name; the
 * feeds draw from it (row batches split it once per epoch). Held-out evaluation uses its own fixed stream, so the
 * validation curve compares epochs on identical noise. A checkpoint keeps the root's state.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final String DEFAULT_STREAM = "trainer";

    private final TrainConfig config;
    private final String stream;
    private final List<StepHook> hooks;
    private final int checkpointEvery;
    private final Engine engine;

    public Trainer(TrainConfig config) {
        this(config, DEFAULT_STREAM, List.of(), 1, null);
    }

    private Trainer(TrainConfig config, String stream, List<StepHook> hooks, int checkpointEvery, Engine engine) {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpoint interval must be at least 1 epoch, got " + checkpointEvery);
        }
        this.config = config;
        this.stream = stream;
        this.hooks = List.copyOf(hooks);
        this.checkpointEvery = checkpointEvery;
        this.engine = engine;
    }

    /** This trainer with its root generator on the named stream of the config's seed (default "trainer"). */
    public Trainer withStream(String name) {
        return new Trainer(config, name, hooks, checkpointEvery, engine);
    }

    /** This trainer, running {@code more} hooks (after its own) before every training step. */
    public Trainer withHooks(List<StepHook> more) {
        List<StepHook> all = new ArrayList<>(hooks);
        all.addAll(more);
        return new Trainer(config, stream, all, checkpointEvery, engine);
    }

    /**
     * This trainer writing the checkpoint and {@code metrics.csv}, and logging a line, every {@code epochs} epochs
     * and after the last (for thousands of one-step epochs); listeners still hear of every epoch.
     */
    public Trainer checkpointEvery(int epochs) {
        return new Trainer(config, stream, hooks, epochs, engine);
    }

    /** This trainer running its steps on {@code on} rather than the process's engine (to compare engines). */
    public Trainer withEngine(Engine on) {
        return new Trainer(config, stream, hooks, checkpointEvery, on);
    }

    public TrainConfig config() {
        return config;
    }

    /** Minibatch training on a dataset's rows, with the held-out set evaluated in order after each epoch. */
    public History fit(TrainGraph graph, Dataset train, Dataset valid, RunDir dir, EpochListener listener) {
        return fit(graph, RowBatches.shuffled(graph.input(), train, config.batchSize()),
                RowBatches.sequential(graph.input(), valid, config.batchSize()), dir, listener);
    }

    /**
     * Trains until {@code config.epochs()} epochs are complete. After each epoch (see {@link #checkpointEvery}) the run
     * directory's checkpoint and {@code metrics.csv} are rewritten; when the directory already holds a checkpoint,
     * training resumes from it, so that a resumed run gives the numbers of an uninterrupted one.
     *
     * @param valid held-out feeds evaluated after each epoch, or {@code null} for none
     * @param dir   the run directory, or {@code null} to train without writing anything
     * @throws NonFiniteLossException when a loss term or a parameter becomes NaN or infinite; the files of the last
     *                                completed epoch are left as they were
     */
    public History fit(TrainGraph graph, Feeds train, Feeds valid, RunDir dir, EpochListener listener) {
        Path checkpoint = dir == null ? null : dir.checkpoint();
        Backend.configure();
        train.check(graph.sd(), graph.input(), "training");
        if (valid != null) {
            valid.check(graph.sd(), graph.input(), "held-out");
        }
        List<String> params = graph.parameterNames();
        AdamOptimizer adam = optimizer(graph);
        Rng root = Rng.seeded(config.seed(), stream);
        History history = History.empty();
        if (checkpoint != null && Files.exists(checkpoint)) {
            Checkpoint saved = Checkpoint.read(checkpoint);
            saved.restore(graph.sd(), params, adam);
            root = Rng.fromState(saved.state().rngState());
            history = saved.state().history();
            LOG.info("resuming from {} after epoch {}", checkpoint, saved.state().epoch());
        }
        TermNames terms = TermNames.of(graph);
        Map<String, ForwardPass> forwardPasses = new HashMap<>(); // by feed shape, kept across epochs
        try (EpochProgress progress = EpochProgress.start(train.steps(), config.epochs(), history.completedEpochs())) {
            for (int epoch = history.completedEpochs() + 1; epoch <= config.epochs(); epoch++) {
                long start = System.nanoTime();
                Map<String, Double> trainMeans = trainEpoch(graph, terms, train, adam, root, epoch, progress);
                Map<String, Double> validMeans = valid == null ? Map.of()
                        : evaluate(graph, terms, valid, evaluationRng(), forwardPasses);
                requireFinite(validMeans, epoch, adam.iteration(), "held-out ");
                requireFiniteParameters(graph, params, epoch, adam.iteration());
                EpochResult result = new EpochResult(epoch, adam.iteration(), (System.nanoTime() - start) / 1e9,
                        trainMeans, validMeans);
                history = history.plus(result);
                if (epoch % checkpointEvery == 0 || epoch == config.epochs()) {
                    if (checkpoint != null) {
                        Checkpoint.capture(epoch, graph.sd(), params, adam, root, history).write(checkpoint);
                        history.writeCsv(dir.metricsCsv(), dir.timingCsv());
                    }
                    LOG.info("epoch {}/{}  train {}{}  ({} s)", epoch, config.epochs(), format(trainMeans),
                            validMeans.isEmpty() ? "" : "  valid " + format(validMeans),
                            String.format("%.1f", result.seconds()));
                }
                listener.epochDone(result);
            }
        }
        return history;
    }

    private Map<String, Double> trainEpoch(TrainGraph graph, TermNames terms, Feeds feeds, AdamOptimizer adam, Rng root,
                                           int epoch, EpochProgress progress) {
        int steps = feeds.steps();
        TermMeans means = new TermMeans(terms);
        progress.startEpoch(epoch);
        try (Feeds.Epoch batches = feeds.epoch(root)) {
            for (int s = 0; s < steps; s++) {
                Feeds.Step step = batches.next();
                means.add(step(graph, terms, adam, step, batches.rng(), epoch, steps), step.examples());
                progress.step(terms.names(), means.sums, means.seen);
            }
        }
        return means.means();
    }

    /**
     * One Adam step on {@code step}'s inputs with the graph's noise drawn from {@code rng} and the hooks applied.
     *
     * @return the value of each loss-term variable before the step
     * @throws NonFiniteLossException when a term is NaN or infinite (no step is then taken)
     */
    private Map<String, Double> step(TrainGraph graph, TermNames terms, AdamOptimizer adam, Feeds.Step step, Rng rng,
                                     int epoch, int stepsPerEpoch) {
        long totalSteps = (long) stepsPerEpoch * config.epochs();
        adam.setLearningRate(config.learningRateAt(adam.iteration(), totalSteps));
        Map<String, INDArray> feed = new HashMap<>(step.inputs());
        List<INDArray> drawn = graph.drawNoise(feed, rng);
        if (!hooks.isEmpty()) {
            StepHook.Clock clock = new StepHook.Clock(adam.iteration(), epoch, stepsPerEpoch, totalSteps);
            hooks.forEach(h -> h.beforeStep(feed, clock));
        }
        Map<String, Double> values = adam.step(feed, terms.distinct());
        OffHeap.release(drawn);
        OffHeap.release(step.owned());
        for (int t = 0; t < terms.names().size(); t++) {
            double value = values.get(terms.variables().get(t));
            if (!Double.isFinite(value)) {
                throw new NonFiniteLossException(epoch, adam.iteration() + 1, "training " + terms.names().get(t), value);
            }
        }
        return values;
    }

    /**
     * Training steps one at a time, with no epochs' bookkeeping, checkpoints or files, for a benchmark to time:
     * each {@link Steps#step()} is exactly a step of {@link #fit} (schedule, noise, hooks, NaN check).
     */
    public Steps steps(TrainGraph graph, Feeds train) {
        Backend.configure();
        train.check(graph.sd(), graph.input(), "training");
        return new Steps(graph, train, optimizer(graph), Rng.seeded(config.seed(), stream));
    }

    private AdamOptimizer optimizer(TrainGraph graph) {
        AdamOptimizer adam = new AdamOptimizer(graph.sd(), graph.parameterNames(), config.learningRate(),
                graph.fusible(), engine == null ? Engine.current() : engine);
        if (config.weightDecay() > 0) {
            adam.setWeightDecay(config.weightDecay(), graph.decayedParameterNames());
        }
        return adam;
    }

    /** See {@link #steps}. */
    public final class Steps {
        private final TrainGraph graph;
        private final Feeds feeds;
        private final AdamOptimizer adam;
        private final Rng root;
        private final TermNames terms;
        private Feeds.Epoch epoch;
        private int epochNumber;
        private int taken;

        private Steps(TrainGraph graph, Feeds feeds, AdamOptimizer adam, Rng root) {
            this.graph = graph;
            this.feeds = feeds;
            this.adam = adam;
            this.root = root;
            this.terms = TermNames.of(graph);
        }

        /**
         * One step, starting a new epoch of the feeds when the last one is used up.
         *
         * @return each loss term's value before the step, by term name
         */
        public Map<String, Double> step() {
            if (epoch == null || taken == feeds.steps()) {
                if (epoch != null) {
                    epoch.close();
                }
                epoch = feeds.epoch(root);
                epochNumber++;
                taken = 0;
            }
            taken++;
            Map<String, Double> byVariable = Trainer.this.step(graph, terms, adam, epoch.next(), epoch.rng(),
                    epochNumber, feeds.steps());
            TermMeans values = new TermMeans(terms);
            values.add(byVariable, 1);
            return values.means();
        }

        /** The optimizer (its passes, for profiling). */
        public AdamOptimizer optimizer() {
            return adam;
        }
    }

    /**
     * The mean of every loss term over {@code data}, in batches, with noise from {@code rng}.
     *
     * @return term name to mean over examples, in the order of {@link org.ae4j.core.loss.LossTerms#terms()}
     */
    public static Map<String, Double> evaluate(TrainGraph graph, Dataset data, int batchSize, Rng rng) {
        return evaluate(graph, TermNames.of(graph), RowBatches.sequential(graph.input(), data, batchSize), rng,
                new HashMap<>());
    }


    /** @param forwardPasses the engine's forward passes by feed shape, filled as needed */
    private static Map<String, Double> evaluate(TrainGraph graph, TermNames terms, Feeds feeds, Rng rng,
                                                Map<String, ForwardPass> forwardPasses) {
        Backend.configure();
        List<String> distinct = terms.distinct();
        TermMeans means = new TermMeans(terms);
        try (Feeds.Epoch batches = feeds.epoch(rng)) {
            for (int s = 0; s < feeds.steps(); s++) {
                Feeds.Step step = batches.next();
                Map<String, INDArray> feed = new HashMap<>(step.inputs());
                List<INDArray> drawn = graph.drawNoise(feed, batches.rng());
                String key = ForwardPass.key(distinct, feed);
                ForwardPass pass = forwardPasses.get(key);
                if (pass == null || !pass.parametersInPlace()) {
                    pass = Engine.current().forwardPass(graph.sd(), feed, distinct);
                    forwardPasses.put(key, pass);
                }
                for (Map.Entry<String, INDArray> in : feed.entrySet()) {
                    pass.placeholder(in.getKey()).assign(in.getValue());
                }
                pass.run();
                Map<String, Double> values = new HashMap<>();
                for (String v : distinct) {
                    values.put(v, pass.output(v).getDouble(0));
                }
                OffHeap.release(drawn);
                OffHeap.release(step.owned());
                means.add(values, step.examples());
            }
        }
        return means.means();
    }

    /**
     * The loss terms' names, their graph variables (in the same order; two terms may share one) and the distinct
     * variables a step computes: worked out once per run, not per step.
     */
    private record TermNames(List<String> names, List<String> variables, List<String> distinct) {
        static TermNames of(TrainGraph graph) {
            List<String> variables = graph.termVariables();
            return new TermNames(graph.loss().terms().stream().map(Term::name).toList(), variables,
                    variables.stream().distinct().toList());
        }
    }

    /** Each term's mean over steps, a step's value weighted by the examples it holds. */
    private static final class TermMeans {
        private final TermNames terms;
        private final double[] sums;
        private long seen;

        TermMeans(TermNames terms) {
            this.terms = terms;
            this.sums = new double[terms.names().size()];
        }

        /** Adds a step's values, keyed by graph variable. */
        void add(Map<String, Double> byVariable, int examples) {
            for (int t = 0; t < sums.length; t++) {
                sums[t] += byVariable.get(terms.variables().get(t)) * examples;
            }
            seen += examples;
        }

        /** Term name to mean, in the order of the loss's terms. */
        Map<String, Double> means() {
            Map<String, Double> means = new LinkedHashMap<>();
            for (int t = 0; t < sums.length; t++) {
                means.put(terms.names().get(t), sums[t] / seen);
            }
            return means;
        }
    }

    /** The fixed noise stream for held-out evaluation under this config's seed. */
    public Rng evaluationRng() {
        return Rng.seeded(config.seed(), "evaluation");
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
