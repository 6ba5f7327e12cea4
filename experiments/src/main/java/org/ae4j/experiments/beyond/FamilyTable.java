package org.ae4j.experiments.beyond;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ae4j.core.eval.ActiveUnits;
import org.ae4j.core.loss.Term;
import org.ae4j.core.model.Vae;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.random.Rng;
import org.ae4j.core.runs.AtomicWrite;
import org.ae4j.core.runs.Json;
import org.ae4j.core.runs.RunDir;
import org.ae4j.core.train.EpochResult;
import org.ae4j.core.train.History;
import org.ae4j.experiments.MnistSplits;
import org.ae4j.experiments.RunContext;
import org.ae4j.viz.Charts;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Trains and scores the models of a VAE-family table on dynamically binarized MNIST (the protocol of
 * {@code vae-mnist-nll}), and writes the table, its figures and metrics.
 *
 * <p>Each model lives in {@code models/<id>/}: its checkpoints, its NLL curve, and once scored its
 * {@code scores.json}, so a resumed run neither trains nor evaluates a finished model again. A model is trained under
 * its directory's {@linkplain RunDir#tryClaim() claim}: several processes resuming the same run (one per core) share
 * its models, and each model's result is the same whichever process trains it, since everything random in it is
 * seeded by the model's id.
 */
final class FamilyTable {
    private static final long WAIT_MILLIS = 60_000;

    private FamilyTable() {
    }

    /**
     * One trained model's results.
     *
     * @param heldOutEpochs the epochs of {@code heldOutBound}, its negative bound on the held-out images
     * @param curveEpochs   the epochs of {@code curveNll}, its test NLL with the curve's fewer samples and images
     */
    record Scores(String id, int epochs, double testNll, double testElbo, int activeUnits, double secondsPerEpoch,
                  double[] heldOutEpochs, double[] heldOutBound, double[] curveEpochs, double[] curveNll) {
    }

    /**
     * Every row of {@code config} trained and scored, in the config's order: read from {@code scores.json} where a
     * model is done, trained here where it is not and no other process holds it, waited for where one does.
     */
    static List<Scores> trainAll(RunContext ctx, VaeFamilyMnist.Config config) throws IOException, InterruptedException {
        long seed = config.train().seed();
        MnistSplits data = MnistSplits.load(ctx.data(), config.examples());
        INDArray test = Bernoulli.sample(data.test().x(), Rng.seeded(seed, "test-binarization"));
        Map<String, Scores> done = new LinkedHashMap<>();
        while (done.size() < config.rows().size()) {
            List<String> elsewhere = new ArrayList<>();
            for (VaeFamilyMnist.Row row : config.rows()) {
                if (done.containsKey(row.id())) {
                    continue;
                }
                RunDir dir = ctx.dir().model(row.id());
                Path file = dir.file("scores.json");
                if (!Files.exists(file)) {
                    Optional<RunDir.Claim> claim = dir.tryClaim();
                    if (claim.isEmpty()) {
                        elsewhere.add(row.id());
                        continue;
                    }
                    try (RunDir.Claim held = claim.get()) {
                        if (!Files.exists(file)) { // another process may have finished it before the claim
                            Json.write(file, score(row, config, data, test, dir));
                        }
                    }
                }
                done.put(row.id(), Json.read(file, Scores.class));
            }
            if (done.size() < config.rows().size()) {
                System.out.printf(Locale.ROOT, "%s: waiting for %s, trained by another process%n", ctx.experiment(),
                        String.join(", ", elsewhere));
                Thread.sleep(WAIT_MILLIS);
            }
        }
        return config.rows().stream().map(row -> done.get(row.id())).toList();
    }

    private static Scores score(VaeFamilyMnist.Row row, VaeFamilyMnist.Config config, MnistSplits data,
                                INDArray test, RunDir dir) throws IOException {
        long seed = config.train().seed();
        VaeFamilyMnist.Curve curve = config.curve();
        INDArray curveImages = test.get(NDArrayIndex.interval(0, curve.images()), NDArrayIndex.all());
        Vae vae = row.vae(Rng.seeded(seed, "init-" + row.id()));
        // The curve's points are appended as they are measured, so they survive a resume.
        Path curveFile = dir.file("nll-curve.csv");
        History history = data.fit(vae.binarizedTrainGraph(), config.train(), dir, epoch -> {
            if (curve.at(epoch.epoch(), config.train().epochs())) {
                double nll = -Arrays.stream(vae.logLikelihood(curveImages, curve.samples(),
                        Rng.seeded(seed, "curve-" + row.id() + "-" + epoch.epoch()))).average().orElseThrow();
                appendLine(curveFile, epoch.epoch() + "," + nll);
            }
        });
        double[][] points = readCurve(curveFile);
        double nll = -Arrays.stream(vae.logLikelihood(test, config.evalSamples(),
                Rng.seeded(seed, "importance-samples-" + row.id()))).average().orElseThrow();
        double elbo = -Arrays.stream(vae.logLikelihood(test, 1, Rng.seeded(seed, "elbo-" + row.id()))).average()
                .orElseThrow();
        int active = ActiveUnits.count(vae.encode(test).mean(), 0.01);
        List<EpochResult> epochs = history.epochs();
        return new Scores(row.id(), config.train().epochs(), nll, elbo, active,
                epochs.stream().mapToDouble(EpochResult::seconds).average().orElse(0),
                epochs.stream().mapToDouble(EpochResult::epoch).toArray(),
                epochs.stream().mapToDouble(e -> Term.TOTAL.in(e.valid())).toArray(), points[0], points[1]);
    }

    /**
     * Writes {@code vae-family.md} (the table), {@code nll-curves.csv}, the figures {@code held-out-bound} and
     * {@code nll-curve}, and the metrics {@code test_nll_<id>}, {@code test_nll_elbo_<id>}, {@code active_units_<id>}
     * and {@code epochs}.
     */
    static void write(RunContext ctx, VaeFamilyMnist.Config config, List<Scores> scores) throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "Test NLL in nats (k = %d importance "
                        + "samples, %d test images binarized once); every model trained for %d epochs of batches of %d "
                        + "(the published ones for 3,280)%n%n| model | objective | k | test NLL | −ELBO | active units "
                        + "| s per epoch | published | source |%n|---|---|---:|---:|---:|---:|---:|---:|---|%n",
                config.evalSamples(), config.examples().test(), config.train().epochs(), config.train().batchSize()));
        StringBuilder curveCsv = new StringBuilder("model,epoch,nll\n");
        List<Charts.Series> heldOut = new ArrayList<>();
        List<Charts.Series> nllCurves = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            VaeFamilyMnist.Row row = config.rows().get(i);
            Scores s = scores.get(i);
            metrics.put("test_nll_" + row.id(), s.testNll());
            metrics.put("test_nll_elbo_" + row.id(), s.testElbo());
            metrics.put("active_units_" + row.id(), (double) s.activeUnits());
            table.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %d | %.1f | %.2f | %s |%n",
                    row.describe(), row.objectiveName(), row.bound().samples(), s.testNll(), s.testElbo(),
                    s.activeUnits(), s.secondsPerEpoch(), row.published(), row.source()));
            heldOut.add(new Charts.Series(row.id(), s.heldOutEpochs(), s.heldOutBound()));
            if (s.curveEpochs().length > 0) {
                nllCurves.add(new Charts.Series(row.id(), s.curveEpochs(), s.curveNll()));
                for (int j = 0; j < s.curveEpochs().length; j++) {
                    curveCsv.append(row.id()).append(',').append((int) s.curveEpochs()[j]).append(',')
                            .append(s.curveNll()[j]).append('\n');
                }
            }
        }
        metrics.put("epochs", (double) config.train().epochs());
        Charts.lines(heldOut, ctx.experiment() + ": negative bound on the held-out images", "epoch", "nats per image",
                false, false, ctx.dir().figure("held-out-bound"));
        if (!nllCurves.isEmpty()) {
            Charts.lines(nllCurves, String.format(Locale.ROOT, "%s: test NLL (k = %d, first %d test images) during "
                            + "training", ctx.experiment(), config.curve().samples(), config.curve().images()), "epoch",
                    "nats per image", true, false, ctx.dir().figure("nll-curve"));
        }
        AtomicWrite.string(ctx.dir().file("nll-curves.csv"), curveCsv.toString());
        AtomicWrite.string(ctx.dir().file("vae-family.md"), table.toString());
        ctx.dir().writeMetrics(metrics);
    }

    /** Appends {@code line} and a newline to {@code file}, creating it, and forces it to disk. */
    private static void appendLine(Path file, String line) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to " + file, e);
        }
    }

    /**
     * A curve file's epochs and NLLs, each epoch's last line winning (an epoch measured again after a resume from an
     * earlier checkpoint), in epoch order; empty when there is no file.
     */
    static double[][] readCurve(Path file) throws IOException {
        TreeMap<Integer, Double> points = new TreeMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.split(",");
                if (parts.length != 2) {
                    throw new IOException(file + ": expected 'epoch,nll', got '" + line + "'");
                }
                points.put(Integer.parseInt(parts[0].trim()), Double.parseDouble(parts[1].trim()));
            }
        }
        return new double[][] {points.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                points.values().stream().mapToDouble(Double::doubleValue).toArray()};
    }
}
