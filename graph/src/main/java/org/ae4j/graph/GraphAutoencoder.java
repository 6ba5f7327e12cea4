package org.ae4j.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.data.Rng;
import org.ae4j.core.model.LossTerms;
import org.ae4j.core.nn.Init;
import org.ae4j.core.run.OffHeap;
import org.ae4j.core.train.AdamOptimizer;
import org.ae4j.core.train.Noise;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GAE and VGAE (Kipf &amp; Welling 2016) on one graph: a two-layer GCN encoder
 * {@code H = ReLU(Â X W0)}, {@code μ = Â H W1} (and {@code log σ = Â H W2} for the variational model,
 * {@code Z = μ + σ ε}), and the inner-product decoder {@code p(A_ij = 1 | Z) = σ(z_i · z_j)}.
 *
 * <p>Loss as in the reference code: {@code norm · mean_ij BCE_w(A_label, ZZᵀ)} over all N² entries, with
 * the label adjacency A + I, positives weighted by {@code pos_weight = (N² − E)/E} and
 * {@code norm = N²/(2(N² − E))}, E the number of ones in A; the VGAE adds
 * {@code KL = −(1/(2N)) mean_i Σ_k (1 + 2 log σ_ik − μ_ik² − σ_ik²)} (the reference scales the KL by 1/N,
 * matching the per-entry mean of the reconstruction term). Shapes: Â, A [N, N], X [N, F], Z [N, K].
 */
public final class GraphAutoencoder {
    public static final String EPSILON = "epsilon";
    public static final String ADJACENCY = "adjacency_normalized";
    public static final String FEATURES = "features";
    public static final String MEAN = "z_mean";
    public static final String LOGITS = "logits";

    /**
     * @param hidden      width of the first GCN layer (32 in the paper)
     * @param latent      K (16 in the paper)
     * @param variational VGAE when true, GAE otherwise
     */
    public record Spec(int hidden, int latent, boolean variational) {
        public Spec {
            if (hidden < 1 || latent < 1) {
                throw new IllegalArgumentException("GCN widths must be positive, got " + hidden + ", " + latent);
            }
        }
    }

    private final Spec spec;
    private final int nodes;
    private final SameDiff sd = SameDiff.create();
    private final LossTerms loss;
    private final Map<String, INDArray> feed;

    /**
     * @param graph the graph the encoder sees (training edges only) with its node features
     */
    public GraphAutoencoder(Spec spec, Graph graph, Rng rng, DataType type) {
        this.spec = spec;
        this.nodes = graph.nodes();
        int f = graph.featureSize();
        INDArray a = graph.adjacency().castTo(type);
        SDVariable adj = sd.placeHolder(ADJACENCY, type, nodes, nodes);                         // Â [N, N]
        SDVariable x = sd.placeHolder(FEATURES, type, nodes, f);                                  // [N, F]
        SDVariable w0 = sd.var("gcn/w0", Init.glorotUniform(rng, f, spec.hidden(), type));
        SDVariable w1 = sd.var("gcn/w_mean", Init.glorotUniform(rng, spec.hidden(), spec.latent(), type));
        SDVariable h = sd.nn.relu(adj.mmul(x.mmul(w0)), 0.0);                                    // [N, H]
        SDVariable mean = adj.mmul(h.mmul(w1)).rename(MEAN);                                      // [N, K]
        SDVariable z = mean;
        SDVariable logStd = null;
        if (spec.variational()) {
            SDVariable w2 = sd.var("gcn/w_log_std", Init.glorotUniform(rng, spec.hidden(), spec.latent(), type));
            logStd = adj.mmul(h.mmul(w2));                                                       // [N, K]
            SDVariable eps = sd.placeHolder(EPSILON, type, nodes, spec.latent());
            z = mean.add(sd.math.exp(logStd).mul(eps));
        }
        SDVariable logits = z.mmul(sd.transpose(z)).rename(LOGITS);                               // [N, N]

        double edges = a.sumNumber().doubleValue();                                               // E (both directions)
        double n2 = (double) nodes * nodes;
        double posWeight = (n2 - edges) / edges;
        double norm = n2 / (2 * (n2 - edges));
        SDVariable label = sd.constant("adjacency_label", a.add(Nd4j.eye(nodes).castTo(type)));  // A + I
        // (1 − y) l + (1 + (w − 1) y) softplus(−l): the weighted cross-entropy of the reference.
        SDVariable softplusNeg = sd.nn.relu(logits.neg(), 0.0)
                .add(sd.math.log1p(sd.math.exp(sd.math.abs(logits).neg())));
        SDVariable perEntry = label.rsub(1.0).mul(logits).add(label.mul(posWeight - 1).add(1.0).mul(softplusNeg));
        SDVariable reconstruction = perEntry.mean().mul(norm).rename("reconstruction");
        Map<String, SDVariable> parts = new LinkedHashMap<>();
        parts.put("reconstruction", reconstruction);
        SDVariable total = reconstruction;
        if (spec.variational()) {
            SDVariable klPerNode = logStd.mul(2).add(1.0).sub(mean.mul(mean)).sub(sd.math.exp(logStd.mul(2)))
                    .sum(1);                                                                      // [N]
            SDVariable kl = klPerNode.mean().mul(-0.5 / nodes).rename("kl");
            parts.put("kl", kl);
            total = reconstruction.add(kl);
        }
        loss = new LossTerms(total.rename("loss"), parts);
        sd.setLossVariables(loss.total());
        feed = new LinkedHashMap<>();
        feed.put(ADJACENCY, Adjacency.symmetricNormalize(a));
        feed.put(FEATURES, graph.features().castTo(type));
    }

    public SameDiff sameDiff() {
        return sd;
    }

    public LossTerms loss() {
        return loss;
    }

    /** The fixed inputs: Â and X (and, for a VGAE, the caller adds ε). */
    public Map<String, INDArray> inputs() {
        return Map.copyOf(feed);
    }

    /** Full-batch Adam for {@code epochs} steps (one per epoch, as in the paper); returns the loss per epoch. */
    public double[] fit(int epochs, double learningRate, Rng rng) {
        List<String> params = new ArrayList<>(List.of("gcn/w0", "gcn/w_mean"));
        if (spec.variational()) {
            params.add("gcn/w_log_std");
        }
        AdamOptimizer adam = new AdamOptimizer(sd, params, learningRate);
        Noise eps = Noise.standardNormal(EPSILON, DataType.FLOAT, spec.latent());
        double[] trace = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            Map<String, INDArray> in = new LinkedHashMap<>(feed);
            INDArray draw = null;
            if (spec.variational()) {
                draw = eps.sample(feed.get(FEATURES), rng).castTo(feed.get(FEATURES).dataType());
                in.put(EPSILON, draw);
            }
            OutAndGrad out = sd.calculateGradientsAndOutputs(in, List.of(loss.total().name()), params);
            trace[e] = out.getOutputs().get(loss.total().name()).getDouble(0);
            if (!Double.isFinite(trace[e])) {
                throw new IllegalStateException("the loss became " + trace[e] + " at epoch " + (e + 1));
            }
            adam.step(out.getGradients());
            OffHeap.release(out.getOutputs().values());
            if (draw != null) {
                OffHeap.release(List.of(draw));
            }
        }
        return trace;
    }

    /** The node embeddings used for prediction: the encoder means μ, [N, K] (as the reference evaluates). */
    public INDArray embed() {
        return sd.output(feed, MEAN).get(MEAN);
    }

    /** σ(z_a · z_b) for each pair {a, b}, from the embeddings {@code z} [N, K]. */
    public static double[] edgeProbabilities(INDArray z, int[][] pairs) {
        double[][] e = z.castTo(DataType.DOUBLE).toDoubleMatrix();
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
