package org.ae4j.experiments.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.data.RowBatches;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.data.Split;
import org.ae4j.core.engine.Backend;
import org.ae4j.core.engine.Engine;
import org.ae4j.core.engine.host.CompiledStep;
import org.ae4j.core.linear.Pca;
import org.ae4j.core.model.Autoencoder;
import org.ae4j.core.model.TrainGraph;
import org.ae4j.core.model.Vae;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.ConvStack.Layer;
import org.ae4j.core.optim.AdamOptimizer;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.ae4j.experiments.beyond.ConvVaeMnist;
import org.ae4j.graph.data.EdgeSplit;
import org.ae4j.graph.data.Graph;
import org.ae4j.graph.data.Linqs;
import org.ae4j.graph.model.GraphAutoencoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The speed benchmarks behind {@code ae4j bench}, each the same workload as {@code scripts/bench/pytorch_bench.py}
 * (or scikit-learn for PCA), timed in steady state by {@link Timing}:
 * <ul>
 *   <li>{@code vae-mnist}: a training step (minibatch, ε, forward, backward, Adam 1e-3) of the 784-400-20 ReLU VAE
 *       with a Bernoulli decoder, as pytorch/examples' VAE;</li>
 *   <li>{@code deep-ae-mnist}: a training step of the 784-1000-500-250-30 ReLU auto-encoder of {@code deep-ae-mnist};</li>
 *   <li>{@code vgae-cora}: one full-batch epoch of Kipf &amp; Welling's VGAE on Cora's 85% training edges;</li>
 *   <li>{@code pca-mnist}: {@code Pca.fit} of 30 components on the 60,000 MNIST training images;</li>
 *   <li>{@code conv-vae-mnist}: a training step of {@code conv-vae-mnist}'s convolutional VAE (two strided 4 × 4
 *       convolutions of 32 and 64 channels, K = 50, the decoder mirrored, Bernoulli logits), Adam 1e-3.</li>
 * </ul>
 * Every step is the one training uses ({@link AdamOptimizer#step}, the compiled forward and backward pass).
 */
public final class Benchmarks {
    public static final List<String> WORKLOADS = List.of("vae-mnist", "deep-ae-mnist", "vgae-cora", "pca-mnist",
            "conv-vae-mnist");

    /**
     * What to run and for how long; {@code batch} applies to the MNIST training workloads; {@code profileOps}
     * adds the slowest ops of the compiled training step to the result (0 for none).
     */
    public record Settings(String workload, double seconds, int batch, int threads, DataDir data, int profileOps) {
        public Settings {
            if (!WORKLOADS.contains(workload)) {
                throw new IllegalArgumentException("unknown workload '" + workload + "'; choose one of " + WORKLOADS);
            }
            if (!(seconds > 0) || Double.isInfinite(seconds) || batch < 1 || threads < 1 || profileOps < 0) {
                throw new IllegalArgumentException("need seconds > 0, batch >= 1 and threads >= 1, got " + seconds
                        + ", " + batch + ", " + threads);
            }
        }

        /** The longest warm-up while the JIT compilers are still busy ({@link Timing#measure}): 2 s to 30 s. */
        public double maxWarmUpSeconds() {
            return Math.max(2, Math.min(30, 2 * seconds));
        }
    }

    private Benchmarks() {
    }

    /** Runs one workload and returns its result fields, in the order they are printed. */
    public static Map<String, Object> run(Settings s) throws IOException {
        Backend.configure(s.threads());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workload", s.workload());
        out.put("framework", "ae4j 0.1.0 (ND4J 1.0.0-M2.1)");
        out.put("backend", Backend.describe());
        out.put("engine", Engine.current().name());
        out.put("float_gemm", Engine.current().floatGemm());
        out.put("threads", s.threads());
        switch (s.workload()) {
            case "vae-mnist" -> {
                Vae vae = new Vae(new Vae.Spec(List.of(Mnist.PIXELS, 400), Activation.RELU, 20, new Bernoulli(), 1, 1.0),
                        Rng.seeded(1, "init"), DataType.FLOAT);
                out.putAll(training(vae.trainGraph(), s));
            }
            case "deep-ae-mnist" -> {
                Autoencoder ae = new Autoencoder(List.of(Mnist.PIXELS, 1000, 500, 250, 30), Activation.RELU,
                        Rng.seeded(1, "init"), DataType.FLOAT);
                out.putAll(training(ae.trainGraph(), s));
            }
            case "conv-vae-mnist" -> {
                Vae vae = new Vae(ConvVaeMnist.conv(50, List.of(Layer.conv(32, 4, 2, 1), Layer.conv(64, 4, 2, 1)))
                        .parts(), Rng.seeded(1, "init"), DataType.FLOAT);
                out.putAll(training(vae.trainGraph(), s));
            }
            case "vgae-cora" -> out.putAll(vgaeEpoch(s));
            case "pca-mnist" -> out.putAll(pcaFit(s));
            default -> throw new AssertionError(s.workload());
        }
        return out;
    }

    /** One human-readable line of a result, e.g. "vae-mnist: 13412 samples/s, 9.5 ms median, 10.1 ms p90". */
    public static String summary(Map<String, Object> r) {
        String rate = r.containsKey("samples_per_s") ? r.get("samples_per_s") + " samples/s"
                : r.containsKey("seconds_per_epoch") ? r.get("seconds_per_epoch") + " s per epoch"
                : r.get("seconds") + " s per fit";
        return String.format("%s: %s (%s ms median, %s ms p90 per iteration over %s iterations; %s thread(s), %s,"
                        + " %s engine, float products on %s; off-heap %s MB, %+d MB while timed; Java heap %s KB allocated per"
                        + " iteration, %s collections taking %s ms; a cache line's round trip between two threads %s ns"
                        + " before and after)", r.get("workload"), rate,
                r.get("ms_per_iter_median"), r.get("ms_per_iter_p90"), r.get("iterations"), r.get("threads"),
                r.get("backend"), r.get("engine"), r.get("float_gemm"), r.get("offheap_mb"), (Long) r.get("offheap_growth_mb"),
                r.get("heap_alloc_kb_per_iter"), r.get("gc_count"), r.get("gc_ms"), r.get("core_round_trip_ns"));
    }

    /** Training steps of {@code graph} on seeded shuffled minibatches of the MNIST training images. */
    private static Map<String, Object> training(TrainGraph graph, Settings s) throws IOException {
        Dataset images = Mnist.load(s.data(), Split.TRAIN);
        // Whole batches only, as PyTorch's twin (drop_last): one compiled pass.
        Trainer.Steps steps = new Trainer(new TrainConfig(1, s.batch(), 1e-3, 1)).withStream("batches")
                .steps(graph, RowBatches.shuffled(graph.input(), images, s.batch()).wholeBatchesOnly());
        Timing t = Timing.measure(steps::step, 2, 10, s.maxWarmUpSeconds(), s.seconds(), 3);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("batch", s.batch());
        out.put("samples_per_s", Timing.round(s.batch() * t.iterations() / t.totalSeconds(), 1));
        out.putAll(t.fields());
        profile(steps.optimizer(), s, out);
        return out;
    }

    /** Full-batch VGAE epochs on Cora: one Adam step on the whole graph each. */
    private static Map<String, Object> vgaeEpoch(Settings s) throws IOException {
        Graph graph = Linqs.load(s.data(), "cora");
        EdgeSplit split = EdgeSplit.of(graph, 0.05, 0.10, Rng.seeded(1, "split"));
        GraphAutoencoder model = new GraphAutoencoder(GraphAutoencoder.Spec.vgae(), graph.withEdges(split.train()),
                Rng.seeded(1, "init"), DataType.FLOAT);
        Trainer.Steps steps = new Trainer(new TrainConfig(1, 1, 0.01, 1)).withStream("noise")
                .steps(model.trainGraph(), model.feeds());
        Timing t = Timing.measure(steps::step, 2, 10, s.maxWarmUpSeconds(), s.seconds(), 3);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seconds_per_epoch", Timing.round(t.median() / 1000, 4));
        out.putAll(t.fields());
        profile(steps.optimizer(), s, out);
        return out;
    }

    /** Adds "slowest_ops_us": the compiled steps' slowest ops, mean microseconds over 20 runs (host engine). */
    private static void profile(AdamOptimizer adam, Settings s, Map<String, Object> out) {
        if (s.profileOps() == 0) {
            return;
        }
        Map<String, Object> slowest = new LinkedHashMap<>();
        for (var pass : adam.passes()) {
            if (!(pass instanceof CompiledStep step)) {
                continue; // SameDiff's executor: no op list to profile
            }
            step.profile(20).entrySet().stream().limit(s.profileOps())
                    .forEach(e -> slowest.put(e.getKey(), Timing.round(e.getValue(), 1)));
        }
        out.put("slowest_ops_us", slowest);
    }

    /** Principal components of the MNIST training images: one fit per iteration. */
    private static Map<String, Object> pcaFit(Settings s) throws IOException {
        INDArray images = Mnist.load(s.data(), Split.TRAIN).x();
        double[] explained = new double[1];
        Timing t = Timing.measure(() -> {
            double[] ratios = Pca.fit(images, 30).explainedVarianceRatio();
            explained[0] = java.util.Arrays.stream(ratios).sum();
        }, 0, 1, s.maxWarmUpSeconds(), s.seconds(), 3);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seconds", Timing.round(t.median() / 1000, 3));
        out.put("explained_variance_ratio_30", Timing.round(explained[0], 5));
        out.putAll(t.fields());
        return out;
    }
}
