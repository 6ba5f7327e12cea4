package org.ae4j.graph.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.data.FullBatch;
import org.ae4j.core.data.RowGather;
import org.ae4j.core.loss.FusibleTerm;
import org.ae4j.core.loss.LossTerms;
import org.ae4j.core.loss.Term;
import org.ae4j.core.model.Model;
import org.ae4j.core.model.TrainGraph;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.Mlp;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.prob.Likelihood;
import org.ae4j.core.model.Noise;
import org.ae4j.core.random.Rng;
import org.ae4j.graph.data.Adjacency;
import org.ae4j.graph.data.Graph;
import org.ae4j.graph.data.SparseAdjacency;
import org.ae4j.graph.nn.Gcn;
import org.ae4j.graph.nn.Propagation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A graph auto-encoder on one graph, composed of a {@link GraphEncoder}, an {@link InnerProductDecoder} and optionally a
 * {@link FeatureDecoder}; {@link Spec} builds the lecture's: GAE and VGAE (Kipf &amp; Welling 2016), optionally with
 * the lecture's MLP before the inner product and its node-feature decoder.
 *
 * <ul>
 * <li>Encoder ({@link GcnEncoder}): a two-layer GCN, {@code H = ReLU(Â X W0)}, {@code μ = Â H W1}; the VGAE adds
 * {@code log σ = Â H W2} and {@code Z = μ + σ ⊙ ε}, q(Z | X, A) = Πᵢ N(Zᵢ | μᵢ, σᵢ²).</li>
 * <li>Adjacency decoder: {@code p(Aᵢⱼ = 1 | Z) = σ(HᵢᵀHⱼ)} with {@code H = Z} (the paper) or
 * {@code H = MLP(Z)} (the lecture's variant).</li>
 * <li>Node-feature decoder (optional): {@code p(X | A, Z) = Πᵢ p(Xᵢ | A, Z)} through a {@link Likelihood}
 * (Bernoulli for bag-of-words), its parameters a linear readout of {@code H̃ = GNN(Z, A)}, two GCN
 * layers over the same Â.</li>
 * </ul>
 *
 * <p>The loss is the negative ELBO divided by N², with the reference code's reweighting of the adjacency
 * term: {@code adjacency = norm · mean_ij BCE_w(Aᵢⱼ + δᵢⱼ, logitᵢⱼ)} over all N² entries of A + I,
 * positives weighted by {@code pos_weight = (N² − E)/E} and {@code norm = N²/(2(N² − E))}, E the number of
 * ones in A; {@code kl = (1/N²) Σᵢ KL(q(Zᵢ) || N(0, I))} (the reference's {@code (1/N) mean_i});
 * {@code features = −(1/N²) Σᵢ log p(Xᵢ | A, Z)}. Shapes: Â, A [N, N], X [N, F], Z [N, K].
 */
public final class GraphAutoencoder implements Model {
    public static final String EPSILON = "epsilon";
    public static final String ADJACENCY = "adjacency_normalized";
    public static final String FEATURES = "node_features";
    public static final String MEAN = "z_mean";
    /** Logits of p(Aᵢⱼ = 1 | Z), [N, N]. */
    public static final String LOGITS = "adjacency_logits";
    /** The rows fed to the inner product: Z, or MLP(Z). */
    public static final String EDGE_EMBEDDING = "edge_embedding";
    public static final String FEATURE_MEAN = "features_reconstructed";
    public static final String FEATURE_LOG_PROB = "features_log_prob";

    /**
     * @param hidden      width of the first GCN layer (32 in the paper), also the feature decoder's
     * @param latent      K (16 in the paper)
     * @param variational VGAE when true, GAE otherwise
     * @param edgeMlp     widths of {@code H = MLP(Z)} (ReLU, linear last layer) before the inner product;
     *                    empty for the paper's {@code σ(ZᵢᵀZⱼ)}
     * @param features    likelihood of the node features under the GCN feature decoder; null for none
     */
    public record Spec(int hidden, int latent, boolean variational, List<Integer> edgeMlp, Likelihood features) {
        public Spec {
            if (hidden < 1 || latent < 1) {
                throw new IllegalArgumentException("GCN widths must be positive, got " + hidden + ", " + latent);
            }
            edgeMlp = List.copyOf(edgeMlp);
            if (edgeMlp.stream().anyMatch(w -> w < 1)) {
                throw new IllegalArgumentException("edge MLP widths must be positive, got " + edgeMlp);
            }
        }

        /** GAE with the paper's 32 → 16 GCN and inner-product decoder. */
        public static Spec gae() {
            return new Spec(32, 16, false, List.of(), null);
        }

        /** VGAE with the paper's 32 → 16 GCN and inner-product decoder. */
        public static Spec vgae() {
            return new Spec(32, 16, true, List.of(), null);
        }

        public Spec withEdgeMlp(List<Integer> widths) {
            return new Spec(hidden, latent, variational, widths, features);
        }

        public Spec withFeatureDecoder(Likelihood likelihood) {
            return new Spec(hidden, latent, variational, edgeMlp, likelihood);
        }

        /** The GCN encoder of this recipe. */
        public GcnEncoder encoder() {
            return new GcnEncoder(hidden, latent, variational);
        }

        /** The edge decoder of this recipe. */
        public InnerProductDecoder edgeDecoder() {
            return new InnerProductDecoder(edgeMlp);
        }

        /** The feature decoder of this recipe (its GCN layers as wide as the encoder's first), or null. */
        public FeatureDecoder featureDecoder() {
            return features == null ? null : new FeatureDecoder(features, hidden);
        }

        /** E.g. "VGAE", "GAE, H = MLP(Z)", "VGAE + p(X | A, Z)". */
        public String label() {
            return (variational ? "VGAE" : "GAE") + (edgeMlp.isEmpty() ? "" : ", H = MLP(Z)")
                    + (features == null ? "" : " + p(X | A, Z)");
        }
    }

    private final GraphEncoder encoder;
    private final int nodes;
    /** Where each node of the caller's graph sits in the model's rows (the identity unless propagation is sparse). */
    private final int[] row;
    private final DataType type;
    private final SameDiff sd = SameDiff.create();
    private final LossTerms loss;
    private final Map<String, INDArray> feed = new LinkedHashMap<>();
    private final List<FusibleTerm> fusible;

    /**
     * The model of {@code spec}: a GCN encoder, an inner-product decoder, and optionally the feature decoder.
     *
     * @param graph the graph the encoder sees (training edges only) with its node features
     */
    public GraphAutoencoder(Spec spec, Graph graph, Rng rng, DataType type) {
        this(spec, graph, false, rng, type);
    }

    /**
     * The model of {@code spec}, its graph convolutions multiplying by a dense Â [N, N] or, when {@code sparse}, by Â
     * in compressed rows ({@link Propagation.Sparse}; the model then holds the nodes in non-increasing degree, and
     * every method takes and returns them in {@code graph}'s order).
     */
    public GraphAutoencoder(Spec spec, Graph graph, boolean sparse, Rng rng, DataType type) {
        this(spec.encoder(), spec.edgeDecoder(), spec.featureDecoder(), graph, sparse, rng, type);
    }

    /**
     * A graph auto-encoder composed of its parts, its parameters drawn from {@code rng}.
     *
     * @param features the node-feature decoder, or null for none
     * @param graph    the graph the encoder sees (training edges only) with its node features
     */
    public GraphAutoencoder(GraphEncoder encoder, InnerProductDecoder decoder, FeatureDecoder features, Graph graph,
                            Rng rng, DataType type) {
        this(encoder, decoder, features, graph, false, rng, type);
    }

    /**
     * A graph auto-encoder composed of its parts, with dense or sparse propagation (see
     * {@link #GraphAutoencoder(Spec, Graph, boolean, Rng, DataType)}).
     */
    public GraphAutoencoder(GraphEncoder encoder, InnerProductDecoder decoder, FeatureDecoder features, Graph graph,
                            boolean sparse, Rng rng, DataType type) {
        this.encoder = encoder;
        this.nodes = graph.nodes();
        this.type = type;
        int k = encoder.latent();
        int[] order = sparse ? SparseAdjacency.of(graph).degreeOrder() : null;
        this.row = order == null ? null : Graph.inverse(order, nodes);
        graph = order == null ? graph : graph.relabel(order);
        INDArray a = graph.adjacency().castTo(type);
        SDVariable x = sd.placeHolder(FEATURES, type, nodes, graph.featureSize());                // [N, F]
        Propagation adj;
        if (sparse) {
            adj = new Propagation.Sparse(sd, "adjacency", SparseAdjacency.of(graph));
        } else {
            adj = new Propagation.Dense(sd.placeHolder(ADJACENCY, type, nodes, nodes));            // Â [N, N]
            feed.put(ADJACENCY, Adjacency.symmetricNormalize(a));
        }
        feed.put(FEATURES, graph.features().castTo(type));

        GraphEncoder.Encoded codes = encoder.apply(sd, adj, x, graph.featureSize(), rng);
        SDVariable mean = codes.mean().rename(MEAN);                                              // μ [N, K]
        SDVariable z = mean;
        DiagonalGaussian q = codes.posterior();
        if (q != null) {
            SDVariable eps = sd.placeHolder(EPSILON, type, nodes, k);
            z = q.sample(eps.reshape(nodes, 1, k)).reshape(nodes, k);                            // [N, K]
        }

        Map<Term, SDVariable> parts = new LinkedHashMap<>();
        SDVariable h = decoder.embed(sd, z, k, rng).rename(EDGE_EMBEDDING);                       // [N, K']
        SDVariable logits = sd.mmul(LOGITS, h, h, false, true, false);                            // [N, N]
        KipfWeights kipf = KipfWeights.of(a);
        SDVariable adjacency = adjacencyLoss(h, logits, a, kipf);
        parts.put(Term.ADJACENCY, adjacency);
        if (features != null) {
            parts.put(Term.FEATURES, featureLoss(features, adj, z, x, feed.get(FEATURES), rng));
        }
        if (q != null) {
            parts.put(Term.KL, q.klToStandardNormal().sum().div((double) nodes * nodes).rename(Term.KL.name()));
        }
        SDVariable total = null;
        for (SDVariable term : parts.values()) {
            total = total == null ? term : total.add(term);
        }
        loss = new LossTerms(total.rename("loss"), parts);
        sd.setLossVariables(loss.total());
        // Declared so that an engine with a kernel for it may compute the term in one pass over the upper triangle of
        // the logits (the host engine's is checked against these ops when a step is compiled); a GAE's only term is
        // then "loss".
        fusible = List.of(new AdjacencyCrossEntropy(EDGE_EMBEDDING, adjacency.name(), graph, kipf.negative(),
                kipf.positive()));
    }

    /** Kipf's {@code pos_weight = (N² − E)/E} and {@code norm = N²/(2(N² − E))}, E the number of ones in A [N, N]. */
    private record KipfWeights(double posWeight, double norm, double n2) {
        static KipfWeights of(INDArray a) {
            double edges = a.sumNumber().doubleValue();
            double n2 = (double) a.rows() * a.rows();
            return new KipfWeights((n2 - edges) / edges, n2 / (2 * (n2 - edges)), n2);
        }

        /** An entry's weight in the loss where y = 0: norm / N². */
        double negative() {
            return norm / n2;
        }

        /** Where y = 1: pos_weight · norm / N². */
        double positive() {
            return posWeight * norm / n2;
        }
    }

    /**
     * Kipf's weighted cross-entropy over all N² entries of A + I, scaled by norm / N² (see the class doc), for
     * logits {@code l = HHᵀ} [N, N] of the edge embedding h [N, K'].
     */
    private SDVariable adjacencyLoss(SDVariable h, SDVariable logits, INDArray a, KipfWeights kipf) {
        INDArray label = a.add(Nd4j.eye(nodes).castTo(type));                                    // A + I
        // pos_weight · y · softplus(−l) + (1 − y) · softplus(l) = w · (softplus(l) − y l) with per-entry weights
        // w = 1 + (pos_weight − 1) y. Split exactly into a part linear in l and an even part, softplus(l) =
        // l/2 + Bernoulli.evenSoftplus(l): Σ w (softplus(l) − y l) = Σ (w/2 − w y) l + Σ w evenSoftplus(l), and the linear
        // sum over l = HHᵀ is sum(H ⊙ (C H)) with C = w/2 − w y: two [N, N] x [N, K'] products instead of four
        // elementwise passes over the N² logits and their backward. (ND4J's fused sigmoid cross-entropy took
        // 0.39 s per Cora epoch, and its gradient ignores the gradient flowing into it.)
        INDArray weight = label.mul(kipf.posWeight() - 1).addi(1.0).muli(kipf.norm() / kipf.n2());
        INDArray weightedLabel = weight.mul(label);
        INDArray linear = weight.mul(0.5).subi(weightedLabel);
        label.close(); // N² each (29 MB on Cora), needed only to build the constants
        weightedLabel.close();
        SDVariable linearPart = h.mul(sd.mmul(sd.constant("adjacency_linear_weight", linear), h)).sum();
        // Row sums first: one float sum over all N² terms (each about 1e-7 on Cora) came out 7% high (0.839 for
        // 0.782 summed in double), since each addend is below the running sum's rounding step.
        SDVariable evenPart = Bernoulli.evenSoftplus(sd, logits).mul(sd.constant("adjacency_weight", weight))
                .sum(1).sum();
        return linearPart.add(evenPart).rename(Term.ADJACENCY.name());
    }

    /**
     * {@code −(1/N²) Σᵢ log p(Xᵢ | A, Z)}: the lecture's {@code H̃ = GNN(Z, A)}, two ReLU GCN layers, and a
     * linear readout with bias to each node's likelihood parameters, the bias started at each feature's base rate.
     */
    private SDVariable featureLoss(FeatureDecoder decoder, Propagation adj, SDVariable z, SDVariable x,
                                   INDArray features, Rng rng) {
        Likelihood likelihood = decoder.likelihood();
        int hidden = decoder.hidden();
        int latent = encoder.latent();
        int featureSize = (int) features.size(1);
        SDVariable h = Gcn.layer(sd, "feature_decoder/gcn0", adj, z, latent, hidden, Activation.RELU, rng);
        h = Gcn.layer(sd, "feature_decoder/gcn1", adj, h, hidden, hidden, Activation.RELU, rng);
        SDVariable params = new Mlp(List.of(hidden, likelihood.paramsPerDimension() * featureSize),
                Activation.IDENTITY, Activation.IDENTITY).apply(sd, "feature_decoder/readout", h, rng);  // [N, P·F]
        // Start the readout at the graph-blind baseline (each word's base rate): from a zero bias, 200 Adam
        // steps of 0.01 cannot even reach the log-odds of a rare word (about −4.5 on Cora).
        sd.getVariable("feature_decoder/readout/b0").getArr().assign(likelihood.baseRate(features));
        likelihood.mean(sd, params, featureSize).rename(FEATURE_MEAN);                          // [N, F]
        SDVariable logProb = likelihood.logProb(sd, params, x, featureSize).rename(FEATURE_LOG_PROB); // [N]
        return logProb.sum().div(-(double) nodes * nodes).rename(Term.FEATURES.name());
    }

    /** The encoder, e.g. to ask whether it is variational or its K. */
    public GraphEncoder encoder() {
        return encoder;
    }

    /** The fixed inputs: Â and X (and, for a VGAE, the caller adds ε [N, K]). */
    public Map<String, INDArray> inputs() {
        return Map.copyOf(feed);
    }

    /** The loss terms it declares for an engine to fuse (the adjacency cross-entropy). */
    public List<FusibleTerm> fusibleTerms() {
        return fusible;
    }

    /** The trainable variables, in graph order. */
    public List<String> parameters() {
        return TrainGraph.parameterNames(sd);
    }

    /**
     * For the {@link org.ae4j.core.train.Trainer}, with {@link #feeds()}: the loss over the whole graph, ε [N, K] drawn
     * at every step for a VGAE, and the adjacency loss declared as an {@link AdjacencyCrossEntropy} that the engine
     * may fuse.
     */
    @Override
    public TrainGraph trainGraph() {
        List<Noise> noise = encoder.variational() ? List.of(Noise.standardNormal(EPSILON, type, encoder.latent()))
                : List.of();
        return new TrainGraph(sd, FEATURES, loss, noise, fusible);
    }

    /** Full-batch feeds: Â and X at every step (one step per epoch, as in the paper). */
    public FullBatch feeds() {
        return FullBatch.of(feed);
    }

    /** The loss terms with Z at the encoder mean (ε = 0), by name. */
    public Map<String, Double> lossAtMean() {
        return loss.values(sd.output(atMean(), loss.variableNames()));
    }

    /** The node embeddings used for prediction: the encoder means μ, [N, K] (as the reference evaluates). */
    public INDArray embed() {
        return inCallerOrder(sd.output(feed, MEAN).get(MEAN));
    }

    /** σ(hₐ · h_b) for each pair {a, b}, with H computed from the encoder means. */
    public double[] edgeProbabilities(int[][] pairs) {
        return innerProductProbabilities(inCallerOrder(sd.output(atMean(), EDGE_EMBEDDING).get(EDGE_EMBEDDING)),
                pairs);
    }

    /** E[X | A, Z = μ], [N, F]; requires the feature decoder. */
    public INDArray reconstructedFeatures() {
        requireFeatureDecoder();
        return inCallerOrder(sd.output(atMean(), FEATURE_MEAN).get(FEATURE_MEAN));
    }

    /** log p(Xᵢ | A, Z = μ) per node, [N]; requires the feature decoder. */
    public INDArray featureLogProb() {
        requireFeatureDecoder();
        INDArray logProb = sd.output(atMean(), FEATURE_LOG_PROB).get(FEATURE_LOG_PROB);
        return row == null ? logProb : inCallerOrder(logProb.reshape(nodes, 1)).reshape(nodes);
    }

    private void requireFeatureDecoder() {
        if (!sd.hasVariable(FEATURE_MEAN)) {
            throw new IllegalStateException("this model has no node-feature decoder");
        }
    }

    /** Rows [N, D] of the model's node order in the caller's order. */
    private INDArray inCallerOrder(INDArray rows) {
        return row == null ? rows : new RowGather(rows).rows(row);
    }

    /** The inputs with ε = 0, so that Z is the encoder mean. */
    private Map<String, INDArray> atMean() {
        Map<String, INDArray> in = new LinkedHashMap<>(feed);
        if (encoder.variational()) {
            in.put(EPSILON, Nd4j.zeros(type, nodes, encoder.latent()));
        }
        return in;
    }

    /** σ(hₐ · h_b) for each pair {a, b}, from the rows of {@code h} [N, K]. */
    public static double[] innerProductProbabilities(INDArray h, int[][] pairs) {
        double[][] e = h.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] p = new double[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            double dot = 0;
            for (int k = 0; k < e[0].length; k++) {
                dot += e[pairs[i][0]][k] * e[pairs[i][1]][k];
            }
            p[i] = 1 / (1 + Math.exp(-dot));
        }
        return p;
    }
}
