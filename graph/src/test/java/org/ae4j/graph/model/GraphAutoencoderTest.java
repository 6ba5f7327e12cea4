package org.ae4j.graph.model;

import static org.ae4j.graph.SeededArrays.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.engine.host.CompiledStep;
import org.ae4j.core.loss.Term;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.prob.LearnedGaussian;
import org.ae4j.core.random.Rng;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.GradientCheck;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.ae4j.graph.data.EdgeSplit;
import org.ae4j.graph.data.Graph;
import org.ae4j.graph.engine.host.KipfAdjacencyLoss;
import org.ae4j.graph.eval.FeatureReconstruction;
import org.ae4j.graph.eval.LinkPrediction;
import org.ae4j.graph.model.GraphAutoencoder.Spec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GraphAutoencoderTest {

    /** A 6-node graph (a 4-cycle with a pendant path) with random binary features. */
    private static Graph tiny() {
        int[][] edges = {{0, 1}, {1, 2}, {2, 3}, {0, 3}, {3, 4}, {4, 5}};
        Rng rng = Rng.seeded(2);
        double[][] x = new double[6][5];
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = rng.nextDouble() < 0.4 ? 1 : 0;
            }
        }
        return new Graph(6, edges, Nd4j.create(x), null);
    }

    /** Two communities of 40 nodes: edges inside with probability 0.3, across with 0.02. */
    private static int[][] twoCommunities(Rng rng) {
        List<int[]> edges = new ArrayList<>();
        for (int a = 0; a < 80; a++) {
            for (int b = a + 1; b < 80; b++) {
                if (rng.nextDouble() < ((a < 40) == (b < 40) ? 0.3 : 0.02)) {
                    edges.add(new int[] {a, b});
                }
            }
        }
        return edges.toArray(int[][]::new);
    }

    private static Spec small(boolean variational) {
        return new Spec(4, 3, variational, List.of(), null);
    }

    /** Every combination the model offers: GAE/VGAE, with or without the edge MLP and feature decoder. */
    private static List<Spec> everyVariant() {
        List<Spec> specs = new ArrayList<>();
        for (boolean variational : new boolean[] {false, true}) {
            specs.add(small(variational));
            specs.add(small(variational).withEdgeMlp(List.of(5, 3)));
            specs.add(small(variational).withFeatureDecoder(new Bernoulli()));
        }
        specs.add(small(true).withEdgeMlp(List.of(4)).withFeatureDecoder(new LearnedGaussian()));
        return specs;
    }

    private static Map<String, INDArray> feed(GraphAutoencoder m, INDArray eps) {
        Map<String, INDArray> feed = new HashMap<>(m.inputs());
        if (m.encoder().variational()) {
            feed.put(GraphAutoencoder.EPSILON, eps);
        }
        return feed;
    }

    @Test
    void everyLossGradientMatchesFiniteDifferences() {
        for (Spec spec : everyVariant()) {
            GraphAutoencoder m = new GraphAutoencoder(spec, tiny(), Rng.seeded(1), DataType.DOUBLE);
            assertTrue(GradientCheck.passes(m.sameDiff(), feed(m, gaussian(3, 6, 3))), spec.label());
        }
    }

    @Test
    void theLossTermsAreTheNamedPartsOfTheNegativeElbo() {
        GraphAutoencoder m = new GraphAutoencoder(small(true).withFeatureDecoder(new Bernoulli()), tiny(),
                Rng.seeded(1), DataType.DOUBLE);
        Map<String, Double> terms = m.lossAtMean();
        assertEquals(List.of("total", "adjacency", "features", "kl"), List.copyOf(terms.keySet()));
        assertEquals(terms.get("adjacency") + terms.get("features") + terms.get("kl"), terms.get("total"), 1e-12);
        // features = −(1/N²) Σᵢ log p(Xᵢ | A, Z), from the per-node log-likelihoods.
        assertEquals(-m.featureLogProb().sumNumber().doubleValue() / 36, terms.get("features"), 1e-12);
    }

    @Test
    void theAdjacencyTermIsKipfsWeightedCrossEntropyByHand() {
        GraphAutoencoder m = new GraphAutoencoder(small(false), tiny(), Rng.seeded(1), DataType.DOUBLE);
        double[][] z = m.embed().toDoubleMatrix();
        double[][] a = tiny().adjacency().toDoubleMatrix();
        double edges = 12;  // 6 undirected edges, both directions
        double posWeight = (36 - edges) / edges;
        double norm = 36 / (2 * (36 - edges));
        double sum = 0;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double logit = z[i][0] * z[j][0] + z[i][1] * z[j][1] + z[i][2] * z[j][2];
                double y = a[i][j] + (i == j ? 1 : 0);
                double p = 1 / (1 + Math.exp(-logit));
                sum += -(posWeight * y * Math.log(p) + (1 - y) * Math.log(1 - p));
            }
        }
        assertEquals(norm * sum / 36, m.lossAtMean().get("adjacency"), 1e-10);
    }

    @Test
    void theEncoderIsPermutationEquivariantAndTheLossInvariant() {
        Graph g = tiny();
        int[] perm = Rng.seeded(9).permutation(6);
        INDArray eps = gaussian(4, 6, 3);
        for (Spec spec : everyVariant()) {
            GraphAutoencoder a = new GraphAutoencoder(spec, g, Rng.seeded(1), DataType.DOUBLE);
            GraphAutoencoder b = new GraphAutoencoder(spec, g.relabel(perm), Rng.seeded(1), DataType.DOUBLE);
            // enc(PX, PAPᵀ) = P enc(X, A)
            assertTrue(b.embed().equalsWithEps(a.embed().getRows(perm), 1e-10), spec.label());
            // p(PAPᵀ | PZ) = p(A | Z), p(PX | PAPᵀ, PZ) = p(X | A, Z) and the KL sums over nodes:
            // every term of the loss is invariant when ε is permuted alike.
            Map<String, INDArray> fa = feed(a, eps);
            Map<String, INDArray> fb = feed(b, eps.getRows(perm));
            // The decoder is equivariant: the logits of the permuted graph are P L Pᵀ.
            INDArray la = a.sameDiff().output(fa, GraphAutoencoder.LOGITS).get(GraphAutoencoder.LOGITS);
            INDArray lb = b.sameDiff().output(fb, GraphAutoencoder.LOGITS).get(GraphAutoencoder.LOGITS);
            assertTrue(lb.equalsWithEps(la.getRows(perm).getColumns(perm), 1e-10), spec.label() + " logits");
            for (Term term : a.loss().terms()) {
                String va = a.loss().variable(term).name();
                String vb = b.loss().variable(term).name();
                assertEquals(a.sameDiff().output(fa, va).get(va).getDouble(0),
                        b.sameDiff().output(fb, vb).get(vb).getDouble(0), 1e-10, spec.label() + " " + term);
            }
        }
    }

    @Test
    void innerProductProbabilitiesByHand() {
        INDArray z = Nd4j.create(new double[][] {{1, 0}, {2, 1}, {0, -1}});
        double[] p = GraphAutoencoder.innerProductProbabilities(z, new int[][] {{0, 1}, {1, 2}, {0, 2}});
        assertEquals(1 / (1 + Math.exp(-2)), p[0], 1e-12);
        assertEquals(1 / (1 + Math.exp(1)), p[1], 1e-12);
        assertEquals(0.5, p[2], 1e-12);
    }

    @Test
    void rocScoresByHand() {
        // Pairs (edge, non-edge) ranked right: (0.9 > 0.1), (0.9 > 0.85), (0.8 > 0.1); wrong: (0.8 < 0.85).
        assertEquals(0.75, LinkPrediction.of(new double[] {0.9, 0.8}, new double[] {0.1, 0.85}).auc(), 1e-12);
        assertEquals(1.0, LinkPrediction.of(new double[] {0.9, 0.8}, new double[] {0.1, 0.2}).auc(), 1e-12);
    }

    @Test
    void aGaeLearnsToPredictHeldOutLinksOfTwoCommunities() {
        // Two communities of 40 nodes: edges inside with probability 0.3, across with 0.02; features = community.
        INDArray x = Nd4j.eye(80).castTo(DataType.FLOAT);
        Graph g = new Graph(80, twoCommunities(Rng.seeded(5)), x, null);
        EdgeSplit split = EdgeSplit.of(g, 0.05, 0.10, Rng.seeded(6));
        GraphAutoencoder m = new GraphAutoencoder(new Spec(16, 8, false, List.of(), null), g.withEdges(split.train()),
                Rng.seeded(7), DataType.FLOAT);
        double[] trace = fit(m, 100, 8);
        assertTrue(trace[99] < trace[0], "loss " + trace[0] + " -> " + trace[99]);
        LinkPrediction test = LinkPrediction.of(m.edgeProbabilities(split.testEdges()),
                m.edgeProbabilities(split.testNonEdges()));
        assertTrue(test.auc() > 0.8, "test AUC " + test.auc());
    }

    @Test
    void theFeatureDecoderBeatsTheGraphBlindBaseline() {
        // Two communities of 40 nodes; each node has words 0-9 (community 0) or 10-19 (community 1) with
        // probability 0.5 and the other ten with 0.05. Knowing the community is worth about 2.9 nats per
        // node (8.9 nats vs 11.8 for the per-word frequencies); only the graph and Z can tell it.
        Rng rng = Rng.seeded(11);
        int[][] edges = twoCommunities(rng);
        double[][] words = new double[80][20];
        for (int i = 0; i < 80; i++) {
            for (int w = 0; w < 20; w++) {
                words[i][w] = rng.nextDouble() < ((i < 40) == (w < 10) ? 0.5 : 0.05) ? 1 : 0;
            }
        }
        INDArray x = Nd4j.create(words).castTo(DataType.FLOAT);
        Graph g = new Graph(80, edges, x, null);
        GraphAutoencoder m = new GraphAutoencoder(new Spec(16, 8, true, List.of(), null).withFeatureDecoder(new Bernoulli()),
                g, Rng.seeded(12), DataType.FLOAT);
        fit(m, 300, 13);
        FeatureReconstruction r = FeatureReconstruction.of(m.reconstructedFeatures(), x, m.featureLogProb());
        assertTrue(r.nllPerNode() < 0.85 * r.marginalNllPerNode(), r.toString());
        assertTrue(r.auc() > 0.75, r.toString());
    }

    @Test
    void theFusedAdjacencyLossAndItsGradientByHand() {
        Graph g = tiny();
        double w0 = 0.3;
        double w1 = 1.7;
        INDArray h = gaussian(21, 6, 3).castTo(DataType.FLOAT);
        double[][] e = h.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] y = Nd4j.eye(6).add(g.adjacency().castTo(DataType.DOUBLE)).toDoubleMatrix();
        double loss = 0;
        double[][] grad = new double[6][3];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double l = 0;
                for (int k = 0; k < 3; k++) {
                    l += e[i][k] * e[j][k];
                }
                double w = y[i][j] == 1 ? w1 : w0;
                loss += w * (Math.log1p(Math.exp(l)) - y[i][j] * l);
                double dl = w * (1 / (1 + Math.exp(-l)) - y[i][j]);
                for (int k = 0; k < 3; k++) { // l_ij = h_i · h_j: d/dh_i gets dl h_j, d/dh_j gets dl h_i
                    grad[i][k] += 0.5 * dl * e[j][k];
                    grad[j][k] += 0.5 * dl * e[i][k];
                }
            }
        }
        KipfAdjacencyLoss fused = new KipfAdjacencyLoss("h", "adjacency", g, w0, w1);
        assertEquals(loss, fused.forward(h, List.of()), 1e-5 * loss);
        INDArray got = Nd4j.createUninitialized(DataType.FLOAT, 6, 3);
        fused.backward(0.5, got);
        double[][] gotGrad = got.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int i = 0; i < 6; i++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(grad[i][k], gotGrad[i][k], 1e-5, "d/dh[" + i + "][" + k + "]");
            }
        }
    }

    @Test
    void trainingWithTheFusedLossFollowsTrainingWithTheGraphsOps() {
        Graph g = new Graph(80, twoCommunities(Rng.seeded(5)), Nd4j.eye(80).castTo(DataType.FLOAT), null);
        Spec spec = new Spec(16, 8, true, List.of(), null);
        GraphAutoencoder fusedModel = new GraphAutoencoder(spec, g, Rng.seeded(7), DataType.FLOAT);
        GraphAutoencoder plainModel = new GraphAutoencoder(spec, g, Rng.seeded(7), DataType.FLOAT);
        org.ae4j.core.optim.AdamOptimizer fused = new org.ae4j.core.optim.AdamOptimizer(fusedModel.sameDiff(),
                fusedModel.parameters(), 0.01, fusedModel.fusibleTerms());
        org.ae4j.core.optim.AdamOptimizer plain = new org.ae4j.core.optim.AdamOptimizer(plainModel.sameDiff(),
                plainModel.parameters(), 0.01);
        for (int step = 0; step < 30; step++) {
            INDArray eps = gaussian(100 + step, 80, 8).castTo(DataType.FLOAT);
            Map<String, INDArray> feed = new HashMap<>(fusedModel.inputs());
            feed.put(GraphAutoencoder.EPSILON, eps);
            double a = fused.minimize(feed, fusedModel.loss().total().name());
            double b = plain.minimize(feed, plainModel.loss().total().name());
            assertEquals(b, a, 1e-4 * Math.abs(b), "loss at step " + step);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(fused.engine().name().equals("host"), "the host engine fuses");
        CompiledStep fusedStep = (CompiledStep) fused.passes().get(0);
        CompiledStep plainStep = (CompiledStep) plain.passes().get(0);
        assertTrue(fusedStep.profile(1).keySet().stream().anyMatch(k -> k.startsWith("fused ")),
                "the fused pass should run: " + fusedStep.profile(1).keySet());
        assertTrue(plainStep.size() > fusedStep.size() + 15);
    }

    @Test
    void sparsePropagationGivesTheDenseModelsLossEmbeddingsAndGradients() {
        Graph g = tiny(); // degrees with self-loops 3, 3, 3, 4, 3, 2: the sparse model holds node 3 first
        int[][] pairs = {{0, 1}, {3, 5}, {5, 2}, {4, 4}};
        for (Spec spec : everyVariant()) {
            GraphAutoencoder dense = new GraphAutoencoder(spec, g, false, Rng.seeded(1), DataType.DOUBLE);
            GraphAutoencoder sparse = new GraphAutoencoder(spec, g, true, Rng.seeded(1), DataType.DOUBLE);
            assertTrue(!sparse.inputs().containsKey(GraphAutoencoder.ADJACENCY), "no N × N input");
            Map<String, Double> a = dense.lossAtMean();
            Map<String, Double> b = sparse.lossAtMean();
            for (String term : a.keySet()) {
                assertEquals(a.get(term), b.get(term), 1e-12, spec.label() + " " + term);
            }
            assertEquals(0, dense.embed().sub(sparse.embed()).amaxNumber().doubleValue(), 1e-12, spec.label());
            double[] pd = dense.edgeProbabilities(pairs);
            double[] ps = sparse.edgeProbabilities(pairs);
            for (int i = 0; i < pairs.length; i++) {
                assertEquals(pd[i], ps[i], 1e-12, spec.label() + " pair " + i);
            }
            assertTrue(GradientCheck.passes(sparse.sameDiff(), feed(sparse, gaussian(3, 6, 3))), spec.label());
        }
    }

    @Test
    void trainingWithSparsePropagationFollowsTheDenseModel() {
        Graph g = new Graph(80, twoCommunities(Rng.seeded(5)), Nd4j.eye(80).castTo(DataType.FLOAT), null);
        EdgeSplit split = EdgeSplit.of(g, 0.05, 0.10, Rng.seeded(6));
        Spec spec = new Spec(16, 8, false, List.of(), null);
        GraphAutoencoder dense = new GraphAutoencoder(spec, g.withEdges(split.train()), false, Rng.seeded(7),
                DataType.FLOAT);
        GraphAutoencoder sparse = new GraphAutoencoder(spec, g.withEdges(split.train()), true, Rng.seeded(7),
                DataType.FLOAT);
        double[] a = fit(dense, 60, 8);
        double[] b = fit(sparse, 60, 8);
        for (int epoch = 0; epoch < a.length; epoch++) {
            assertEquals(a[epoch], b[epoch], 1e-3 * Math.abs(a[epoch]), "loss after epoch " + (epoch + 1));
        }
        double aucDense = LinkPrediction.of(dense.edgeProbabilities(split.testEdges()),
                dense.edgeProbabilities(split.testNonEdges())).auc();
        double aucSparse = LinkPrediction.of(sparse.edgeProbabilities(split.testEdges()),
                sparse.edgeProbabilities(split.testNonEdges())).auc();
        assertEquals(aucDense, aucSparse, 1e-3);
        assertTrue(aucSparse > 0.8, "test AUC " + aucSparse);
    }

    /** Full-batch training through the Trainer at learning rate 0.01; the total loss after each epoch. */
    static double[] fit(GraphAutoencoder m, int epochs, long seed) {
        return new Trainer(new TrainConfig(epochs, 1, 0.01, seed)).checkpointEvery(epochs)
                .fit(m.trainGraph(), m.feeds(), null, null, EpochListener.NONE).trainCurve(Term.TOTAL);
    }
}
