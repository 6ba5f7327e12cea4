package org.ae4j.experiments.graph;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.loss.Term;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.experiments.About;
import org.ae4j.experiments.CompletedRuns;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.RunContext;
import org.ae4j.experiments.RunOptions;
import org.ae4j.experiments.Section;
import org.ae4j.graph.data.Graph;
import org.ae4j.graph.eval.FeatureReconstruction;
import org.ae4j.graph.model.GraphAutoencoder.Spec;
import org.ae4j.graph.model.GraphAutoencoder;
import org.ae4j.viz.Charts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lecture's graph VAE decoders beside Kipf &amp; Welling's: the adjacency decoder σ(ZᵢᵀZⱼ) or σ(HᵢᵀHⱼ)
 * with H = MLP(Z), with or without the node-feature decoder p(X | A, Z) = Πᵢ p(Xᵢ | A, Z) (a linear
 * readout of two GCN layers over Z, Bernoulli over the bag-of-words features), trained on the full ELBO
 * log p(A | Z) + log p(X | A, Z) − KL (with the reference's reweighting of the adjacency term).
 *
 * <p>For each model, averaged over seeds: link-prediction AUC and AP on held-out edges (percent), and for
 * the feature decoders how well they reconstruct X: NLL per node against the graph-blind baseline
 * (independent Bernoullis at each word's frequency), ROC AUC over all N·F entries, and R-precision
 * (the share of a node's words among its top-|Xᵢ| predictions). Metric keys
 * {@code <dataset>_<model>_<metric>}; the final loss terms as {@code <dataset>_<model>_loss_<term>}.
 */
public final class GraphVaeDecoders implements Experiment {
    private static final Logger LOG = LoggerFactory.getLogger(GraphVaeDecoders.class);

    @Override
    public About about() {
        return About.of("graph-vae-decoders", Section.GRAPH, "89–91")
                .claim("""
                        The lecture's decoders: H = MLP(Z) before the inner product, and a GNN node-feature decoder p(X
                        | A, Z).
                        """)
                .description("the lecture's graph VAE: sigma(H_i^T H_j) with H = MLP(Z) and the GNN node-feature "
                        + "decoder, vs VGAE")
                .figure("link-prediction-", "Link prediction of each decoder variant.")
                .headline("cora_vgae_test_auc", "cora_vgae_mlp_test_auc", "cora_vgae_features_test_auc",
                        "cora_vgae_mlp_features_test_auc", "cora_vgae_features_feature_nll_per_node",
                        "cora_vgae_features_feature_marginal_nll_per_node");
    }

    public record Config(List<String> datasets, int seeds, int epochs, double learningRate, List<Integer> edgeMlp,
                         double validFraction, double testFraction, long seed) implements LinkSweep.Settings {
        public Config {
            datasets = List.copyOf(datasets);
            edgeMlp = List.copyOf(edgeMlp);
            if (datasets.isEmpty() || seeds < 1 || epochs < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("need a dataset, seeds >= 1, epochs >= 1 and a positive learning "
                        + "rate; got " + datasets + ", " + seeds + ", " + epochs + ", " + learningRate);
            }
        }

        static Config of(RunOptions o) {
            return new Config(List.of("cora"), o.quick() ? 1 : 3, o.epochsOr(o.quick() ? 30 : 200), 0.01,
                    List.of(32, 16), 0.05, 0.10, o.seed());
        }

        @Override
        public Map<String, Spec> models() {
            Spec vgae = Spec.vgae();
            Map<String, Spec> models = new LinkedHashMap<>();
            models.put("vgae", vgae);
            models.put("vgae_mlp", vgae.withEdgeMlp(edgeMlp));
            models.put("vgae_features", vgae.withFeatureDecoder(new Bernoulli()));
            models.put("vgae_mlp_features", vgae.withEdgeMlp(edgeMlp).withFeatureDecoder(new Bernoulli()));
            return models;
        }
    }

    private static final List<String> RUN_METRICS = List.of("test_auc", "test_ap", "loss_total", "loss_adjacency",
            "loss_features", "loss_kl", "feature_nll_per_node", "feature_marginal_nll_per_node", "feature_auc",
            "feature_r_precision", "seconds_per_epoch");

    @Override
    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);
        CompletedRuns runs = CompletedRuns.open(ctx.dir().file("runs.csv"), RUN_METRICS);
        LinkSweep.measure(ctx, config, runs, run -> measure(run.graph(), run.spec(), config, run.seed()));

        Map<String, Double> metrics = new LinkedHashMap<>();
        List<String> table = new ArrayList<>(List.of(
                "| dataset | model | link AUC | link AP | feature NLL/node | graph-blind NLL/node | feature AUC "
                        + "| R-precision |",
                "|---|---|---:|---:|---:|---:|---:|---:|"));
        for (String dataset : config.datasets()) {
            for (var model : config.models().entrySet()) {
                String key = dataset + "_" + model.getKey();
                Map<String, Double> mean = new LinkedHashMap<>();
                for (String m : RUN_METRICS) {
                    mean.put(m, LinkSweep.mean(LinkSweep.values(runs, config, dataset, model.getKey(), m)));
                    if (Double.isFinite(mean.get(m))) {
                        boolean percent = m.endsWith("auc") || m.endsWith("ap") || m.endsWith("precision");
                        metrics.put(key + "_" + m, percent ? 100 * mean.get(m) : mean.get(m));
                    }
                }
                table.add(String.format("| %s | %s | %.2f | %.2f | %s | %s | %s | %s |", dataset,
                        model.getValue().label(), 100 * mean.get("test_auc"), 100 * mean.get("test_ap"),
                        number(mean.get("feature_nll_per_node"), 1), number(mean.get("feature_marginal_nll_per_node"), 1),
                        number(100 * mean.get("feature_auc"), 2), number(100 * mean.get("feature_r_precision"), 2)));
            }
        }
        for (String dataset : config.datasets()) {
            List<String> labels = new ArrayList<>();
            double[] auc = new double[config.models().size()];
            double[] ap = new double[auc.length];
            int m = 0;
            for (var model : config.models().entrySet()) {
                labels.add(model.getValue().label());
                auc[m] = metrics.get(dataset + "_" + model.getKey() + "_test_auc");
                ap[m++] = metrics.get(dataset + "_" + model.getKey() + "_test_ap");
            }
            Map<String, double[]> bars = new LinkedHashMap<>();
            bars.put("test AUC", auc);
            bars.put("test AP", ap);
            Charts.bars(labels, bars,
                    dataset + ": link prediction of the lecture's graph VAE decoders (mean of " + config.seeds()
                            + " seeds)", "percent", ctx.dir().figure("link-prediction-" + dataset));
        }
        table.add("");
        table.add(String.format("Means over %d seeds, %d epochs each; NLL in nats per node.", config.seeds(),
                config.epochs()));
        Files.write(ctx.dir().file("results.md"), table, StandardCharsets.UTF_8);
        table.forEach(LOG::info);
        metrics.put("epochs", (double) config.epochs());
        metrics.put("seeds", (double) config.seeds());
        ctx.dir().writeMetrics(metrics);
    }

    /** One seed of one model; the feature columns are NaN for models without the feature decoder. */
    private static Map<String, Double> measure(Graph graph, Spec spec, Config config, long seed) {
        LinkRun run = LinkRun.train(graph, spec, config.epochs(), config.learningRate(), config.validFraction(),
                config.testFraction(), seed);
        GraphAutoencoder model = run.model();
        Map<String, Double> loss = model.lossAtMean();
        FeatureReconstruction features = spec.features() == null ? null
                : FeatureReconstruction.of(model.reconstructedFeatures(), graph.features(), model.featureLogProb());
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("test_auc", run.test().auc());
        row.put("test_ap", run.test().ap());
        row.put("loss_total", Term.TOTAL.in(loss));
        row.put("loss_adjacency", Term.ADJACENCY.in(loss));
        row.put("loss_features", loss.getOrDefault(Term.FEATURES.name(), Double.NaN));
        row.put("loss_kl", loss.getOrDefault(Term.KL.name(), Double.NaN));
        row.put("feature_nll_per_node", features == null ? Double.NaN : features.nllPerNode());
        row.put("feature_marginal_nll_per_node", features == null ? Double.NaN : features.marginalNllPerNode());
        row.put("feature_auc", features == null ? Double.NaN : features.auc());
        row.put("feature_r_precision", features == null ? Double.NaN : features.rPrecision());
        row.put("seconds_per_epoch", run.secondsPerEpoch());
        return row;
    }

    private static String number(double v, int decimals) {
        return Double.isFinite(v) ? String.format("%." + decimals + "f", v) : "–";
    }
}
