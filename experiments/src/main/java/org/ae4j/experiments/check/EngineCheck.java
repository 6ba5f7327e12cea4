package org.ae4j.experiments.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ae4j.core.data.RowBatches;
import org.ae4j.core.data.formats.DataDir;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.data.Split;
import org.ae4j.core.engine.Backend;
import org.ae4j.core.engine.Engine;
import org.ae4j.core.engine.EngineComparison;
import org.ae4j.core.engine.GradientPass;
import org.ae4j.core.loss.FusibleTerm;
import org.ae4j.core.loss.Term;
import org.ae4j.core.model.Autoencoder;
import org.ae4j.core.model.TrainGraph;
import org.ae4j.core.model.Vae;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.prob.Gaussian;
import org.ae4j.core.prob.Likelihood;
import org.ae4j.core.random.Rng;
import org.ae4j.core.runs.Json;
import org.ae4j.core.runs.Manifest;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.ae4j.graph.data.Graph;
import org.ae4j.graph.model.GraphAutoencoder;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A few-minute check that another ND4J backend (CUDA) computes what the CPU does. {@link #write} runs on the reference
 * build and saves, in a fixture folder: the losses and every parameter gradient of small seeded FLOAT models at a
 * fixed feed, computed by the portable engine (the one CUDA runs); the loss of each of the first steps of the
 * 784-400-20 MNIST VAE at batch 128 on a seeded order of minibatches; and the throughput of those steps.
 * {@link #compare} recomputes all of it with this process's engine and judges it: gradients within relative L2
 * {@value #GRADIENT_TOLERANCE} per parameter, every step's loss finite and the mean of the last
 * {@value #CURVE_TAIL} within {@value #CURVE_TOLERANCE} (relative) of the reference's; throughput is only reported.
 */
public final class EngineCheck {
    public static final int FORMAT = 1;
    public static final double GRADIENT_TOLERANCE = 1e-3;
    public static final double CURVE_TOLERANCE = 0.02;
    public static final int CURVE_TAIL = 20;
    public static final int DEFAULT_STEPS = 200;
    public static final int BATCH = 128;
    public static final List<String> MODELS = List.of("ae-bernoulli", "vae-bernoulli", "vae-gaussian", "gae", "vgae");
    static final String MANIFEST = "fixtures.json";
    static final String CURVE = "loss-curve.json";
    private static final long SEED = 1;
    private static final int FEATURES = 16;
    private static final int ROWS = 8;
    private static final int NODES = 30;

    /** A check's outcome; {@code INFO} lines never fail the check. */
    public enum Verdict { PASS, FAIL, INFO }

    /** One printed line of {@link #compare}. */
    public record Check(Verdict verdict, String name, String detail) {
        public String line() {
            return String.format("%-4s  %-24s  %s", verdict, name, detail);
        }
    }

    /** {@code fixtures.json}: where and how the reference was computed. */
    public record Fixtures(int format, String createdAt, String gitCommit, String backend, String floatGemm,
                           String gradientEngine, long seed, List<String> models, String java, String os) {
    }

    /** {@code gradients-MODEL.json}: the loss terms and the gradient of the loss for every parameter. */
    public record Gradients(String model, Map<String, Double> losses, Map<String, Tensor> gradients) {
    }

    /** An array's shape and its values in row-major order. */
    public record Tensor(long[] shape, double[] values) {
    }

    /** {@code loss-curve.json}: the VAE's loss at each step and the steps' throughput after {@code warmUpSteps}. */
    public record Curve(String backend, String engine, int batch, int warmUpSteps, double samplesPerSecond,
                        double[] losses) {
    }

    /** A model's graph with its fixed feed. */
    private record Case(SameDiff sd, Map<String, INDArray> feed, List<String> outputs, List<String> parameters,
                        List<FusibleTerm> fusible) {
    }

    private EngineCheck() {
    }

    /** Writes the fixtures into {@code dir} (created when missing) and prints what it wrote. */
    public static void write(Path dir, DataDir data, int steps, PrintWriter out, PrintWriter log) throws IOException {
        if (steps < CURVE_TAIL) {
            throw new IllegalArgumentException("--steps must be at least " + CURVE_TAIL + ", got " + steps);
        }
        Backend.configure();
        INDArray images = Mnist.load(data, Split.TRAIN).x(); // missing MNIST is refused before anything is written
        Files.createDirectories(dir);
        Manifest m = Manifest.now("engine-check", SEED, List.of());
        Engine portable = Engine.named(Engine.PORTABLE);
        for (String model : MODELS) {
            Json.write(dir.resolve(gradientsFile(model)), gradients(model, SEED, portable));
        }
        log.printf("engine-check: training the MNIST VAE for %d steps on the %s engine...%n", steps,
                Engine.current().name());
        log.flush();
        Curve curve = curve(images, SEED, steps, Engine.current());
        Json.write(dir.resolve(CURVE), curve);
        Json.write(dir.resolve(MANIFEST), new Fixtures(FORMAT, m.startedAt(), m.gitCommit(), m.nd4jBackend(),
                m.floatGemm(), portable.name(), SEED, MODELS, m.javaVersion(), m.os()));
        out.printf("wrote %s: gradients of %s (%s engine); %d-step loss curve (%s engine, mean of the last %d %.4f);"
                        + " %.0f samples/s%n", dir, MODELS, portable.name(), steps, curve.engine(), CURVE_TAIL,
                tailMean(curve.losses()), curve.samplesPerSecond());
        out.flush();
    }

    /**
     * Recomputes the fixtures of {@code dir} with this process's engine; one check per line, in order. A computation
     * that throws fails its check; a missing or corrupt fixture, or missing MNIST, throws before anything runs.
     */
    public static List<Check> compare(Path dir, DataDir data, PrintWriter log) throws IOException {
        Fixtures fixtures = read(dir, MANIFEST, Fixtures.class);
        if (fixtures.format() != FORMAT) {
            throw new IllegalArgumentException("fixtures in " + dir + " have format " + fixtures.format()
                    + ", this ae4j reads format " + FORMAT + "; write them again");
        }
        if (fixtures.models() == null || fixtures.models().isEmpty()) {
            throw new IllegalArgumentException("corrupt fixture " + dir.resolve(MANIFEST) + ": no models");
        }
        Map<String, Gradients> wanted = new LinkedHashMap<>();
        for (String model : fixtures.models()) {
            if (!MODELS.contains(model)) {
                throw new IllegalArgumentException("corrupt fixture " + dir.resolve(MANIFEST) + ": unknown model '"
                        + model + "'; known: " + MODELS);
            }
            wanted.put(model, validated(dir.resolve(gradientsFile(model)), read(dir, gradientsFile(model),
                    Gradients.class)));
        }
        Curve reference = read(dir, CURVE, Curve.class);
        if (reference.losses() == null || reference.losses().length < CURVE_TAIL
                || !Arrays.stream(reference.losses()).allMatch(Double::isFinite)) {
            throw new IllegalArgumentException("corrupt fixture " + dir.resolve(CURVE) + ": not " + CURVE_TAIL
                    + " or more finite losses");
        }
        Backend.configure();
        INDArray images = Mnist.load(data, Split.TRAIN).x();
        Engine engine = Engine.current();
        List<Check> checks = new ArrayList<>();
        checks.add(guarded("smoke", () -> smoke(engine)));
        wanted.forEach((model, want) -> checks.add(guarded("gradients " + model,
                () -> gradientCheck(model, want, gradients(model, fixtures.seed(), engine)))));
        log.printf("engine-check: training the MNIST VAE for %d steps on the %s engine...%n",
                reference.losses().length, engine.name());
        log.flush();
        Curve[] got = new Curve[1];
        checks.add(guarded("loss curve", () -> {
            got[0] = curve(images, fixtures.seed(), reference.losses().length, engine);
            return curveCheck(reference, got[0]);
        }));
        if (got[0] != null) {
            checks.add(new Check(Verdict.INFO, "throughput", String.format("%.0f samples/s (%s, %s engine) vs %.0f"
                            + " reference (%s, %s engine): %.2fx", got[0].samplesPerSecond(), got[0].backend(),
                    got[0].engine(), reference.samplesPerSecond(), reference.backend(), reference.engine(),
                    got[0].samplesPerSecond() / reference.samplesPerSecond())));
        }
        return checks;
    }

    /** The check, or a failure naming what it threw. */
    private static Check guarded(String name, Supplier<Check> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
            return new Check(Verdict.FAIL, name, "threw " + e.getClass().getSimpleName() + message);
        }
    }

    /** {@code g} when every tensor's values fill its shape and every number is finite. */
    private static Gradients validated(Path file, Gradients g) {
        String problem = g.losses() == null || g.gradients() == null ? "no losses or gradients"
                : !g.losses().values().stream().allMatch(v -> v != null && Double.isFinite(v)) ? "a non-finite loss"
                : null;
        if (problem == null) {
            for (var e : g.gradients().entrySet()) {
                Tensor t = e.getValue();
                if (t == null || t.shape() == null || t.values() == null
                        || Arrays.stream(t.shape()).reduce(1, Math::multiplyExact) != t.values().length
                        || !Arrays.stream(t.values()).allMatch(Double::isFinite)) {
                    problem = "the gradient of " + e.getKey() + " has no finite values filling its shape";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("corrupt fixture " + file + ": " + problem);
        }
        return g;
    }

    /** The backend and engine this process runs, and one small product on them. */
    private static Check smoke(Engine engine) {
        INDArray a = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        double[] product = a.mmul(a.transpose()).castTo(DataType.DOUBLE).data().asDouble(); // [[14, 32], [32, 77]]
        boolean right = Arrays.equals(product, new double[] {14, 32, 32, 77});
        return new Check(right ? Verdict.PASS : Verdict.FAIL, "smoke", Backend.describe() + ", " + engine.name()
                + " engine, " + engine.floatGemm() + "; a [2, 3] x [3, 2] product "
                + (right ? "is right" : "came out " + Arrays.toString(product)));
    }

    private static Check gradientCheck(String model, Gradients want, Gradients got) {
        String name = "gradients " + model;
        if (!want.gradients().keySet().equals(got.gradients().keySet())) {
            return new Check(Verdict.FAIL, name, "the fixture has parameters " + want.gradients().keySet()
                    + ", the model " + got.gradients().keySet());
        }
        List<String> failures = new ArrayList<>();
        double worst = -1;
        String worstName = "";
        for (var e : want.gradients().entrySet()) {
            Tensor w = e.getValue();
            Tensor g = got.gradients().get(e.getKey());
            if (!Arrays.equals(w.shape(), g.shape())) {
                failures.add(e.getKey() + " has shape " + Arrays.toString(g.shape()) + ", the fixture "
                        + Arrays.toString(w.shape()));
                continue;
            }
            double relative = EngineComparison.relativeL2(Nd4j.createFromArray(w.values()),
                    Nd4j.createFromArray(g.values()));
            if (!(relative <= GRADIENT_TOLERANCE)) {
                failures.add(String.format("%s relative L2 %.3g > %.0e", e.getKey(), relative, GRADIENT_TOLERANCE));
            }
            if (!(relative <= worst)) {
                worst = relative;
                worstName = e.getKey();
            }
        }
        for (var e : want.losses().entrySet()) {
            Double g = got.losses().get(e.getKey());
            double w = e.getValue();
            if (g == null || !(Math.abs(g - w) <= GRADIENT_TOLERANCE * Math.max(1, Math.abs(w)))) {
                failures.add(String.format("loss term %s %s vs %.6g", e.getKey(), g == null ? "missing" : "%.6g"
                        .formatted(g), w));
            }
        }
        if (!failures.isEmpty()) {
            return new Check(Verdict.FAIL, name, String.join("; ", failures));
        }
        StringBuilder losses = new StringBuilder();
        got.losses().forEach((k, v) -> losses.append(losses.isEmpty() ? "" : ", ").append(k).append(' ')
                .append(String.format("%.6g", v)));
        return new Check(Verdict.PASS, name, String.format("max relative L2 %.2e over %d parameters (%s), limit %.0e;"
                + " losses %s", worst, want.gradients().size(), worstName, GRADIENT_TOLERANCE, losses));
    }

    private static Check curveCheck(Curve reference, Curve got) {
        double[] l = got.losses();
        for (int i = 0; i < l.length; i++) {
            if (!Double.isFinite(l[i])) {
                return new Check(Verdict.FAIL, "loss curve", "the loss at step " + (i + 1) + " of " + l.length
                        + " is " + l[i]);
            }
        }
        double want = tailMean(reference.losses());
        double mean = tailMean(l);
        double relative = Math.abs(mean - want) / Math.abs(want);
        boolean ok = relative <= CURVE_TOLERANCE;
        return new Check(ok ? Verdict.PASS : Verdict.FAIL, "loss curve", String.format("%d steps all finite; mean"
                        + " of the last %d %.4f vs %.4f reference (%s engine): %+.3f%% %s %.0f%%; step 1 %.4f vs %.4f",
                l.length, CURVE_TAIL, mean, want, reference.engine(), 100 * (mean - want) / want, ok ? "within" : "beyond",
                100 * CURVE_TOLERANCE, l[0], reference.losses()[0]));
    }

    private static double tailMean(double[] losses) {
        double sum = 0;
        for (int i = losses.length - CURVE_TAIL; i < losses.length; i++) {
            sum += losses[i];
        }
        return sum / CURVE_TAIL;
    }

    static String gradientsFile(String model) {
        return "gradients-" + model + ".json";
    }

    /** The losses and gradients of {@code model} at its seeded initialization and feed, on {@code engine}. */
    private static Gradients gradients(String model, long seed, Engine engine) {
        Case c = model(model, seed);
        GradientPass pass = engine.gradientPass(c.sd(), c.feed(), c.outputs(), c.parameters(), c.fusible());
        c.feed().forEach((k, a) -> pass.placeholder(k).assign(a));
        pass.run();
        Map<String, Double> losses = new LinkedHashMap<>();
        c.outputs().forEach(o -> losses.put(o, pass.output(o).getDouble(0)));
        Map<String, Tensor> gradients = new LinkedHashMap<>();
        for (String p : c.parameters()) {
            INDArray g = pass.gradients().get(p);
            gradients.put(p, new Tensor(c.sd().getVariable(p).getArr().shape(),
                    g.castTo(DataType.DOUBLE).dup('c').data().asDouble()));
        }
        return new Gradients(model, losses, gradients);
    }

    private static Case model(String name, long seed) {
        Rng init = Rng.seeded(seed, "init/" + name);
        Rng feed = Rng.seeded(seed, "feed/" + name);
        return switch (name) {
            case "ae-bernoulli" -> trainCase(new Autoencoder(List.of(FEATURES, 8, 3), Activation.RELU, new Bernoulli(),
                    init, DataType.FLOAT).trainGraph(), feed);
            case "vae-bernoulli" -> trainCase(vae(new Bernoulli(), init), feed);
            case "vae-gaussian" -> trainCase(vae(new Gaussian(0.5), init), feed);
            case "gae", "vgae" -> graphCase(name.equals("vgae"), init, feed);
            default -> throw new IllegalArgumentException("unknown model '" + name + "'");
        };
    }

    private static TrainGraph vae(Likelihood likelihood, Rng init) {
        return new Vae(new Vae.Spec(List.of(FEATURES, 8), Activation.RELU, 3, likelihood, 1, 1.0), init,
                DataType.FLOAT).trainGraph();
    }

    /** A minibatch of grey levels in (0.05, 0.95), valid targets for both likelihoods, and the graph's noise. */
    private static Case trainCase(TrainGraph g, Rng rng) {
        INDArray x = Nd4j.create(uniform(rng, ROWS * FEATURES, 0.05, 0.9), new long[] {ROWS, FEATURES}, 'c')
                .castTo(DataType.FLOAT);
        return new Case(g.sd(), g.feed(x, rng), g.termVariables().stream().distinct().toList(), g.parameterNames(),
                g.fusible());
    }

    /** A GAE or VGAE (8 → 4) on a seeded graph of two communities of 15 nodes with 6 binary features. */
    private static Case graphCase(boolean variational, Rng init, Rng rng) {
        List<int[]> edges = new ArrayList<>();
        for (int a = 0; a < NODES; a++) {
            for (int b = a + 1; b < NODES; b++) {
                if (rng.nextDouble() < ((a < NODES / 2) == (b < NODES / 2) ? 0.3 : 0.03)) {
                    edges.add(new int[] {a, b});
                }
            }
        }
        double[] bits = uniform(rng, NODES * 6, 0, 1);
        for (int i = 0; i < bits.length; i++) {
            bits[i] = bits[i] < 0.5 ? 0 : 1;
        }
        INDArray features = Nd4j.create(bits, new long[] {NODES, 6}, 'c').castTo(DataType.FLOAT);
        Graph graph = new Graph(NODES, edges.toArray(int[][]::new), features, null);
        GraphAutoencoder m = new GraphAutoencoder(new GraphAutoencoder.Spec(8, 4, variational, List.of(), null), graph,
                init, DataType.FLOAT);
        Map<String, INDArray> feed = new HashMap<>(m.inputs());
        if (variational) {
            double[] eps = new double[NODES * 4];
            for (int i = 0; i < eps.length; i++) {
                eps[i] = rng.nextGaussian();
            }
            feed.put(GraphAutoencoder.EPSILON, Nd4j.create(eps, new long[] {NODES, 4}, 'c').castTo(DataType.FLOAT));
        }
        return new Case(m.sameDiff(), feed, List.of(m.loss().total().name()), m.parameters(), m.fusibleTerms());
    }

    private static double[] uniform(Rng rng, int n, double from, double width) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = from + width * rng.nextDouble();
        }
        return v;
    }

    /**
     * The loss at each of the first {@code steps} Adam (1e-3) steps of the 784-400-20 ReLU MNIST VAE with a Bernoulli
     * decoder at batch {@value #BATCH}, the trainer's steps on {@code engine} over seeded shuffled whole minibatches;
     * throughput after a quarter of the steps (at most 20) of warm-up.
     */
    private static Curve curve(INDArray images, long seed, int steps, Engine engine) {
        TrainGraph g = new Vae(new Vae.Spec(List.of(Mnist.PIXELS, 400), Activation.RELU, 20, new Bernoulli(), 1, 1.0),
                Rng.seeded(seed, "init"), DataType.FLOAT).trainGraph();
        Trainer.Steps training = new Trainer(new TrainConfig(1, BATCH, 1e-3, seed)).withEngine(engine)
                .steps(g, RowBatches.shuffled(g.input(), Dataset.unlabelled(images), BATCH).wholeBatchesOnly());
        int warmUp = Math.min(20, steps / 4);
        double[] losses = new double[steps];
        long start = 0;
        for (int step = 0; step < steps; step++) {
            if (step == warmUp) {
                start = System.nanoTime();
            }
            losses[step] = Term.TOTAL.in(training.step());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Curve(Backend.describe(), engine.name(), BATCH, warmUp, BATCH * (steps - warmUp) / seconds, losses);
    }

    /** A fixture file as {@code type}; a missing or unreadable one is named in a one-line error. */
    private static <T> T read(Path dir, String file, Class<T> type) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no fixture folder " + dir + "; write it on the CPU build first:"
                    + " ae4j engine-check --write " + dir);
        }
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("missing fixture " + path + "; write the folder again with"
                    + " ae4j engine-check --write " + dir);
        }
        try {
            T value = Json.MAPPER.readValue(path.toFile(), type);
            if (value == null) {
                throw new IllegalArgumentException("corrupt fixture " + path + ": empty");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("corrupt fixture " + path + ": " + e.getOriginalMessage(), e);
        }
    }
}
