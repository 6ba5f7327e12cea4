package org.ae4j.graph.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.data.Feeds;
import org.ae4j.core.data.HostArrays;
import org.ae4j.core.data.StepHook;
import org.ae4j.core.loss.LossTerms;
import org.ae4j.core.loss.Term;
import org.ae4j.core.model.Model;
import org.ae4j.core.model.TrainGraph;
import org.ae4j.core.nn.Activation;
import org.ae4j.core.nn.Init;
import org.ae4j.core.nn.Mlp;
import org.ae4j.core.nn.Reduce;
import org.ae4j.core.prob.DiagonalGaussian;
import org.ae4j.core.random.Rng;
import org.ae4j.graph.align.GraphMatching;
import org.ae4j.graph.data.NodeOrdering;
import org.ae4j.graph.data.DenseGraphs;
import org.ae4j.graph.data.SmallGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A graph-level VAE for graphs of at most k nodes (after Simonovsky &amp; Komodakis 2018, GraphVAE): a
 * relational GCN encoder with a sum readout to one latent vector, and an MLP decoder that emits, for
 * every node slot, a categorical over node types plus "empty" and, for every slot pair i &lt; j, a
 * categorical over edge types plus "no edge".
 *
 * <p>The encoder is permutation-invariant; the decoder is deliberately not equivariant: it scores the
 * graph in the slot order it is given. The objective is the lecture's bound over a set S of orderings
 * of each graph, {@code log Σ_{P∈S} exp ELBO(PX, PAPᵀ) <= log Σ_{P∈S} p(PX, PAPᵀ)}: the rows of a batch
 * hold each graph S times, consecutively, each under its own permutation ({@link DenseGraphs}).
 *
 * <p>Encoder layer: {@code H' = ReLU(H W_self + Σ_t R_t H W_t)} with R_t the degree-normalized adjacency
 * of edge type t. Shapes with G graphs of S orderings each, B = G·S rows: features [G·k, Tn], relations
 * [G·k, G·k], membership [B, G·k], ε [B, c]: the invariant encoder runs once per graph.
 */
public final class GraphVae implements Model {
    public static final String NODE_TARGETS = "node_targets";
    public static final String EDGE_TARGETS = "edge_targets";
    public static final String FEATURES = "node_features";
    public static final String MEMBERSHIP = "membership";
    public static final String EPSILON = "epsilon";
    public static final String LATENT = "z";
    /** q(z | G)'s mean μ and log-variance, [B, c]. */
    public static final String POSTERIOR_MEAN = "posterior_mean";
    public static final String POSTERIOR_LOG_VAR = "posterior_log_var";
    /** Decoder logits of the training path (from z = μ + σ ε), [B, k·(Tn + 1)] and [B, P·(Te + 1)]. */
    public static final String TRAIN_NODE_LOGITS = "train_node_logits";
    public static final String TRAIN_EDGE_LOGITS = "train_edge_logits";
    public static final String NODE_LOGITS = "node_logits";
    public static final String EDGE_LOGITS = "edge_logits";
    public static final String ELBO = "elbo";
    /** The KL weight β of the training objective (1: the bound itself; fed below 1 during KL warm-up). */
    public static final String KL_WEIGHT = "kl_weight";
    /** Free bits λ, nats per latent dimension the KL term of the training objective does not charge (0: none). */
    public static final String FREE_BITS = "free_bits";

    /** How a target graph's nodes are put in the decoder's slots during training and evaluation. */
    public sealed interface Alignment {
        /** S = {@link Spec#orderings()} orderings of each graph drawn from {@code ordering}, in the bound. */
        record Orderings(NodeOrdering ordering) implements Alignment {
        }

        /**
         * The slots {@link GraphMatching} finds for the decoder's output at the same z (requires S = 1):
         * max-pooling matching and the Hungarian step as in the paper, then, if {@code refine}, slot swaps
         * that raise the exact likelihood ({@link GraphMatching#refine}).
         */
        record Matching(int iterations, boolean refine) implements Alignment {
            public Matching {
                if (iterations < 1) {
                    throw new IllegalArgumentException("matching needs at least one iteration, got " + iterations);
                }
            }
        }
    }

    /**
     * @param maxNodes      k
     * @param nodeTypes     Tn (without "empty")
     * @param edgeTypes     Te (without "no edge")
     * @param encoderWidths widths of the relational GCN layers
     * @param latent        c
     * @param decoderWidths hidden widths of the decoder MLP
     * @param orderings     S, the orderings per graph in the bound (1: the plain ELBO)
     */
    public record Spec(int maxNodes, int nodeTypes, int edgeTypes, List<Integer> encoderWidths, int latent,
                       List<Integer> decoderWidths, int orderings) {
        public Spec {
            encoderWidths = List.copyOf(encoderWidths);
            decoderWidths = List.copyOf(decoderWidths);
            if (maxNodes < 2 || nodeTypes < 1 || edgeTypes < 1 || latent < 1 || orderings < 1 || encoderWidths.isEmpty()
                    || encoderWidths.stream().anyMatch(w -> w < 1) || decoderWidths.stream().anyMatch(w -> w < 1)) {
                throw new IllegalArgumentException("need k >= 2, at least one node and edge type, positive widths, "
                        + "latent and orderings; got " + this);
            }
        }

        public int pairs() {
            return DenseGraphs.pairs(maxNodes);
        }
    }

    private final Spec spec;
    private final SameDiff sd = SameDiff.create();
    private final LossTerms loss;

    public GraphVae(Spec spec, Rng rng, DataType type) {
        this.spec = spec;
        int k = spec.maxNodes();
        SDVariable nodeTargets = sd.placeHolder(NODE_TARGETS, type, -1, (long) k * (spec.nodeTypes() + 1));
        SDVariable edgeTargets = sd.placeHolder(EDGE_TARGETS, type, -1, (long) spec.pairs() * (spec.edgeTypes() + 1));
        DiagonalGaussian q = encode(rng, type);
        SDVariable eps = sd.placeHolder(EPSILON, type, -1, spec.latent());
        SDVariable z = q.sample(eps.reshape(-1, 1, spec.latent())).reshape(-1, spec.latent());          // [B, c]
        SDVariable[] logits = decode(z, rng);
        logits[0].rename(TRAIN_NODE_LOGITS);
        logits[1].rename(TRAIN_EDGE_LOGITS);
        SDVariable logLikelihood = logLikelihood(logits[0], logits[1], nodeTargets, edgeTargets);        // [B]
        SDVariable kl = q.klToStandardNormal();                                                           // [B]
        logLikelihood.sub(kl).rename(ELBO);                                                               // [B]
        // The bound per graph, log Σ_{P∈S} exp ELBO(P·G) = log Σ_{P∈S} p(P·G | z) − KL: q sees no ordering, so
        // the KL leaves the log-sum-exp (rows g·S .. g·S + S − 1 are graph g's orderings, one q each).
        SDVariable logLikelihoodBound = spec.orderings() == 1 ? logLikelihood
                : logSumExpRows(logLikelihood.reshape(-1, spec.orderings()), spec.orderings());           // [G]
        // The training KL term: β Σ_k max(λ, mean over the batch of KL_k), free bits λ per dimension (Kingma
        // et al. 2016); with β = 1 and λ = 0 it is the batch mean of the KL and the objective is the bound.
        SDVariable freeBits = sd.placeHolder(FREE_BITS, type);
        // The batch mean as a product with a row of ones: ND4J's reductions fail on a size-1 dimension (B = 1).
        SDVariable ones = sd.onesLike(kl).reshape(1, -1);                                                  // [1, B]
        SDVariable klPerDimension = ones.mmul(q.klToStandardNormalPerDimension()).div(ones.sum());       // [1, c]
        SDVariable klTerm = sd.math.max(klPerDimension, freeBits).sum().mul(sd.placeHolder(KL_WEIGHT, type)); // []
        Map<Term, SDVariable> parts = new LinkedHashMap<>();
        parts.put(Term.RECONSTRUCTION, logLikelihood.mean().neg().rename(Term.RECONSTRUCTION.name()));
        parts.put(Term.KL, kl.mean().rename(Term.KL.name()));
        loss = new LossTerms(logLikelihoodBound.mean().neg().add(klTerm).rename("negative_bound"), parts);
        sd.setLossVariables(loss.total());

        // A second entrance to the decoder, from given codes, for sampling (shares its parameters).
        SDVariable given = sd.placeHolder(LATENT, type, -1, spec.latent());
        SDVariable[] sampled = decode(given, rng);
        sampled[0].rename(NODE_LOGITS);
        sampled[1].rename(EDGE_LOGITS);
    }

    /**
     * {@code m + log Σ_j exp(x_j − m)} per row with m the row maximum, so that no exp overflows or
     * underflows to a log of zero; written out because the gradient of SameDiff's {@code logSumExp} over a
     * dimension fails in M2.1.
     *
     * @param x [R, columns]
     * @return [R]
     */
    private SDVariable logSumExpRows(SDVariable x, int columns) {
        SDVariable max = x.max(1);                                                                  // [R]
        SDVariable sum = Reduce.sumLast(sd.math.exp(x.sub(max.reshape(-1, 1))), columns);           // [R]
        return max.add(sd.math.log(sum));
    }

    /** q(z | G) = N(μ(G), diag σ²(G)), [B, c], from the relational GCN and a sum over each graph's nodes. */
    private DiagonalGaussian encode(Rng rng, DataType type) {
        int k = spec.maxNodes();
        SDVariable h = sd.placeHolder(FEATURES, type, -1, spec.nodeTypes());                     // [G·k, Tn]
        List<SDVariable> relations = new ArrayList<>();
        for (int t = 0; t < spec.edgeTypes(); t++) {
            relations.add(sd.placeHolder(relation(t), type, -1, -1));                             // [G·k, G·k]
        }
        int in = spec.nodeTypes();
        for (int l = 0; l < spec.encoderWidths().size(); l++) {
            int out = spec.encoderWidths().get(l);
            SDVariable next = h.mmul(sd.var("encoder/w_self" + l, Init.glorotUniform(rng, in, out, type)));
            for (int t = 0; t < spec.edgeTypes(); t++) {
                SDVariable w = sd.var("encoder/w_rel" + l + "_" + t, Init.glorotUniform(rng, in, out, type));
                next = next.add(relations.get(t).mmul(h.mmul(w)));
            }
            h = sd.nn.relu(next, 0.0);                                                            // [G·k, out]
            in = out;
        }
        SDVariable graph = sd.placeHolder(MEMBERSHIP, type, -1, -1).mmul(h);                      // [B, h]
        Mlp head = new Mlp(List.of(in, spec.latent()), Activation.IDENTITY, Activation.IDENTITY);
        SDVariable mean = head.apply(sd, "encoder/mean", graph, rng).rename(POSTERIOR_MEAN);
        SDVariable logVar = head.apply(sd, "encoder/log_var", graph, rng).rename(POSTERIOR_LOG_VAR);
        return new DiagonalGaussian(mean, logVar, spec.latent());
    }

    /** Node logits [B, k·(Tn + 1)] and edge logits [B, P·(Te + 1)] from codes z [B, c]. */
    private SDVariable[] decode(SDVariable z, Rng rng) {
        List<Integer> sizes = new ArrayList<>(List.of(spec.latent()));
        sizes.addAll(spec.decoderWidths());
        SDVariable h = sizes.size() == 1 ? z
                : new Mlp(sizes, Activation.RELU, Activation.RELU).apply(sd, "decoder/trunk", z, rng);
        int width = sizes.get(sizes.size() - 1);
        SDVariable nodes = new Mlp(List.of(width, spec.maxNodes() * (spec.nodeTypes() + 1)), Activation.IDENTITY,
                Activation.IDENTITY).apply(sd, "decoder/nodes", h, rng);
        SDVariable edges = new Mlp(List.of(width, spec.pairs() * (spec.edgeTypes() + 1)), Activation.IDENTITY,
                Activation.IDENTITY).apply(sd, "decoder/edges", h, rng);
        return new SDVariable[] {nodes, edges};
    }

    /** log p(G | z) = Σ_slots log Cat(type) + Σ_pairs log Cat(edge type), [B], from one-hot targets. */
    private SDVariable logLikelihood(SDVariable nodeLogits, SDVariable edgeLogits, SDVariable nodeTargets,
                                     SDVariable edgeTargets) {
        return categoricalLogProb(nodeLogits, nodeTargets, spec.maxNodes(), spec.nodeTypes() + 1)
                .add(categoricalLogProb(edgeLogits, edgeTargets, spec.pairs(), spec.edgeTypes() + 1));
    }

    /** Σ over {@code groups} groups of {@code classes} columns of target · log softmax(logits), [B]. */
    private SDVariable categoricalLogProb(SDVariable logits, SDVariable targets, int groups, int classes) {
        // x − logsumexp(x), written out: M2.1's logSoftmax takes the log of an underflowed softmax and
        // returns −∞ once logits are ~100 apart (then −∞ · 0 = NaN for every class not in the target).
        SDVariable x = logits.reshape(-1, classes);                                               // [B·groups, classes]
        SDVariable logProb = x.sub(logSumExpRows(x, classes).reshape(-1, 1));
        SDVariable perGroup = Reduce.sumLast(logProb.mul(targets.reshape(-1, classes)), classes); // [B·groups]
        return Reduce.sumLast(perGroup.reshape(-1, groups), groups);                           // [B]
    }

    /**
     * The placeholders for a batch whose rows are {@code rows} (each graph's orderings consecutive) with
     * reparameterization noise {@code eps} [rows, c].
     */
    public Map<String, INDArray> inputs(List<SmallGraph> rows, INDArray eps) {
        return inputs(rows, null, eps);
    }

    /** As {@link #inputs(List, INDArray)} with each graph's nodes in the given slots (null: slots 0..n−1). */
    public Map<String, INDArray> inputs(List<SmallGraph> rows, List<int[]> slots, INDArray eps) {
        if (rows.size() % spec.orderings() != 0) {
            throw new IllegalArgumentException(rows.size() + " rows do not hold " + spec.orderings()
                    + " orderings of each graph");
        }
        if (eps.rank() != 2 || eps.rows() != rows.size() || eps.columns() != spec.latent()) {
            throw new IllegalArgumentException("epsilon must be [" + rows.size() + ", " + spec.latent() + "], got "
                    + java.util.Arrays.toString(eps.shape()));
        }
        DenseGraphs dense = DenseGraphs.of(rows, slots, spec.orderings(), spec.maxNodes(), spec.nodeTypes(),
                spec.edgeTypes(), eps.dataType());
        Map<String, INDArray> feed = new LinkedHashMap<>();
        feed.put(NODE_TARGETS, dense.nodeTargets());
        feed.put(EDGE_TARGETS, dense.edgeTargets());
        feed.put(FEATURES, dense.features());
        feed.put(MEMBERSHIP, dense.membership());
        for (int t = 0; t < spec.edgeTypes(); t++) {
            feed.put(relation(t), dense.relations().get(t));
        }
        feed.put(EPSILON, eps);
        feed.put(KL_WEIGHT, Nd4j.scalar(eps.dataType(), 1.0));
        feed.put(FREE_BITS, Nd4j.scalar(eps.dataType(), 0.0));
        // The sampling entrance is not used by the loss, but SameDiff wants every placeholder fed.
        feed.put(LATENT, eps);
        return feed;
    }

    /** A model of the same spec with S = {@code orderings}, holding a copy of this one's parameters. */
    public GraphVae withOrderings(int orderings) {
        Spec other = new Spec(spec.maxNodes(), spec.nodeTypes(), spec.edgeTypes(), spec.encoderWidths(), spec.latent(),
                spec.decoderWidths(), orderings);
        GraphVae copy = new GraphVae(other, Rng.seeded(0), sd.getVariable(EPSILON).dataType());
        for (String p : parameters()) {
            copy.sd.getVariable(p).getArr().assign(sd.getVariable(p).getArr());
        }
        return copy;
    }

    /** The trainable variables, in graph order. */
    public List<String> parameters() {
        return TrainGraph.parameterNames(sd);
    }

    /**
     * The KL term's schedule, fed by {@link #hooks()} at every training step: a KL warm-up (Bowman et al. 2016), β
     * rising linearly from almost 0 to 1 over the first {@code warmupEpochs} epochs (0: none), so the decoder learns
     * to use z before the KL can pull every posterior onto the prior; and free bits (Kingma et al. 2016): each latent
     * dimension's batch-mean KL is charged as max(λ, KL_k), so up to λ nats per dimension cost nothing. Both change
     * only the training objective (and the bound reported per epoch); {@link #elbos} and {@link #orderingBound} stay
     * the true ELBO.
     */
    public record KlSchedule(int warmupEpochs, double freeBits) {
        /** Plain training on the bound: no warm-up, no free bits. */
        public static final KlSchedule NONE = new KlSchedule(0, 0);

        public KlSchedule {
            if (warmupEpochs < 0) {
                throw new IllegalArgumentException("KL warm-up must be >= 0 epochs, got " + warmupEpochs);
            }
            if (!(freeBits >= 0) || Double.isInfinite(freeBits)) {
                throw new IllegalArgumentException("free bits must be finite and >= 0 nats, got " + freeBits);
            }
        }

        /** Throws unless the warm-up ends within a run of {@code epochs} epochs, so the run ends on the true bound. */
        public KlSchedule requireWithin(int epochs) {
            if (warmupEpochs > epochs) {
                throw new IllegalArgumentException("KL warm-up must be 0.." + epochs + " epochs, got " + warmupEpochs);
            }
            return this;
        }

        /** The KL weight and the free bits, fed at every training step. */
        public List<StepHook> hooks() {
            return List.of(StepHook.scalar(KL_WEIGHT, clock -> klWeight(clock.iteration(), clock.stepsPerEpoch())),
                    StepHook.scalar(FREE_BITS, clock -> freeBits));
        }

        /** β at step {@code iteration} (0-based) of {@code stepsPerEpoch}-step epochs. */
        public double klWeight(long iteration, int stepsPerEpoch) {
            long warmup = (long) warmupEpochs * stepsPerEpoch;
            return warmup == 0 ? 1.0 : Math.min(1.0, (iteration + 1.0) / warmup);
        }
    }

    /**
     * For the {@link org.ae4j.core.train.Trainer}, with {@link #batches}: the training objective (the bound over the
     * rows' orderings, with the KL weight and free bits a {@link KlSchedule}'s hooks feed).
     */
    @Override
    public TrainGraph trainGraph() {
        return new TrainGraph(sd, NODE_TARGETS, loss, List.of());
    }

    /**
     * Minibatches of {@code graphs}, shuffled each epoch by the run's generator, each aligned to the decoder's slots
     * by {@code alignment} when the step comes (a matching reads the model as it is then), with fresh ε.
     */
    public Feeds batches(List<SmallGraph> graphs, Alignment alignment, int batchSize) {
        if (alignment instanceof Alignment.Matching && spec.orderings() != 1) {
            throw new IllegalArgumentException("graph matching scores one alignment per graph; the spec has "
                    + spec.orderings() + " orderings");
        }
        if (graphs.isEmpty() || batchSize < 1) {
            throw new IllegalArgumentException("need graphs and a batch size >= 1, got " + graphs.size() + " graphs, "
                    + "batches of " + batchSize);
        }
        List<SmallGraph> all = List.copyOf(graphs);
        int steps = (all.size() + batchSize - 1) / batchSize;
        return new Feeds() {
            @Override
            public int steps() {
                return steps;
            }

            @Override
            public Epoch epoch(Rng root) {
                int[] order = root.permutation(all.size());
                return new Epoch() {
                    private int step;

                    @Override
                    public Rng rng() {
                        return root;
                    }

                    @Override
                    public Step next() {
                        List<SmallGraph> batch = new ArrayList<>();
                        for (int i = step * batchSize; i < Math.min(all.size(), (step + 1) * batchSize); i++) {
                            batch.add(all.get(order[i]));
                        }
                        step++;
                        Map<String, INDArray> feed = aligned(batch, alignment, root);
                        return new Step(feed, batch.size(), List.copyOf(feed.values()));
                    }
                };
            }
        };
    }

    /** The placeholders for {@code graphs} aligned by {@code alignment}, with fresh ε. */
    private Map<String, INDArray> aligned(List<SmallGraph> graphs, Alignment alignment, Rng rng) {
        if (alignment instanceof Alignment.Matching m) {
            INDArray eps = gaussian(graphs.size(), rng);
            return inputs(graphs, match(graphs, eps, m), eps);
        }
        NodeOrdering ordering = ((Alignment.Orderings) alignment).ordering();
        List<SmallGraph> rows = new ArrayList<>();
        for (SmallGraph g : graphs) {
            for (int s = 0; s < spec.orderings(); s++) {
                rows.add(g.permuted(ordering.draw(g, rng)));
            }
        }
        return inputs(rows, gaussian(rows.size(), rng));
    }

    /** The slots of each graph's nodes that {@link GraphMatching} finds for the decoder's output at ε. */
    public List<int[]> match(List<SmallGraph> graphs, INDArray eps, Alignment.Matching matching) {
        Map<String, INDArray> feed = inputs(graphs, eps);
        Map<String, INDArray> out = sd.output(feed, TRAIN_NODE_LOGITS, TRAIN_EDGE_LOGITS);
        double[][] nodes = out.get(TRAIN_NODE_LOGITS).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] edges = out.get(TRAIN_EDGE_LOGITS).castTo(DataType.DOUBLE).toDoubleMatrix();
        List<int[]> slots = new ArrayList<>();
        for (int b = 0; b < graphs.size(); b++) {
            slots.add(GraphMatching.match(graphs.get(b), SlotDecoding.softmaxGroups(nodes[b], spec.nodeTypes() + 1),
                    SlotDecoding.softmaxGroups(edges[b], spec.edgeTypes() + 1), matching.iterations(), matching.refine()));
        }
        free(out.values());
        releaseGraphArrays(feed);
        return slots;
    }

    /**
     * Frees each array's off-heap memory now rather than at a garbage collection (views, arrays already freed and
     * nulls are skipped): the training loop's per-batch feeds and outputs, tens of MB a step on QM9.
     */
    private static void free(Iterable<INDArray> arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable() && !a.wasClosed()) {
                a.close();
            }
        }
    }

    /** Frees the arrays {@link #inputs} made, not the caller's ε. */
    private static void releaseGraphArrays(Map<String, INDArray> feed) {
        Map<String, INDArray> made = new LinkedHashMap<>(feed);
        made.remove(EPSILON);
        made.remove(LATENT);
        free(made.values());
    }

    /** ELBO(G) of each graph in the slot order given, one ε draw each, in nats. */
    public double[] elbos(List<SmallGraph> graphs, Rng rng) {
        return elbos(graphs, null, gaussian(graphs.size(), rng));
    }

    /** ELBO(G) of each graph with its nodes in {@code slots} (null: 0..n−1) at the given ε [B, c]. */
    public double[] elbos(List<SmallGraph> graphs, List<int[]> slots, INDArray eps) {
        if (spec.orderings() != 1 && graphs.size() % spec.orderings() != 0) {
            throw new IllegalArgumentException("this graph groups rows by " + spec.orderings());
        }
        Map<String, INDArray> feed = inputs(graphs, slots, eps);
        double[] e = sd.output(feed, ELBO).get(ELBO).castTo(DataType.DOUBLE).toDoubleVector();
        releaseGraphArrays(feed);
        return e;
    }

    /**
     * The lecture's bound as an evaluation: per graph, {@code log Σ_{P∈S} exp ELBO(PX, PAPᵀ)} over a set S of
     * {@code orderings} distinct orderings drawn by {@code sampler} (fewer when the sampler has fewer: a 6-cycle
     * has 12 BFS orderings; up to {@value #DRAWS_PER_ORDERING} draws per wanted ordering), one ε each, in nats.
     * It lower-bounds {@code log Σ_{P∈S} p(PX, PAPᵀ)}; with S = 1 it is the ELBO of one ordering. Distinct
     * permutations related by an automorphism of the graph give the same labelled graph, and the lecture's sum
     * counts each, so for symmetric graphs the bound can exceed 0. Needs a model built with S = 1.
     *
     * @return [graphs.size()]
     */
    public double[] orderingBound(List<SmallGraph> graphs, NodeOrdering sampler, int orderings, Rng rng) {
        if (spec.orderings() != 1) {
            throw new IllegalStateException("evaluate with a model built with S = 1 (this one has " + spec.orderings() + ")");
        }
        if (orderings < 1) {
            throw new IllegalArgumentException("need at least one ordering, got " + orderings);
        }
        double[] bound = new double[graphs.size()];
        // Chunks keep the block-diagonal relation matrices ([rows·k]²) small.
        int perChunk = Math.max(1, EVALUATION_ROWS / orderings);
        for (int from = 0; from < graphs.size(); from += perChunk) {
            List<SmallGraph> rows = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            for (SmallGraph g : graphs.subList(from, Math.min(graphs.size(), from + perChunk))) {
                java.util.Set<List<Integer>> drawn = new java.util.LinkedHashSet<>();
                for (int draw = 0; draw < DRAWS_PER_ORDERING * orderings && drawn.size() < orderings; draw++) {
                    drawn.add(java.util.Arrays.stream(sampler.draw(g, rng)).boxed().toList());
                }
                drawn.forEach(p -> rows.add(g.permuted(p.stream().mapToInt(Integer::intValue).toArray())));
                counts.add(drawn.size());
            }
            INDArray eps = gaussian(rows.size(), rng);
            double[] elbo = elbos(rows, null, eps);
            eps.close();
            int row = 0;
            for (int g = 0; g < counts.size(); g++) {
                bound[from + g] = logSumExp(elbo, row, counts.get(g));
                row += counts.get(g);
            }
        }
        return bound;
    }

    /** How many draws {@link #orderingBound} makes per distinct ordering it wants before settling for fewer. */
    private static final int DRAWS_PER_ORDERING = 20;

    /** Rows per forward pass in {@link #orderingBound}. */
    private static final int EVALUATION_ROWS = 256;

    /** {@code log Σ exp v[from .. from + length)}, stable. */
    static double logSumExp(double[] v, int from, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + length; i++) {
            max = Math.max(max, v[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += Math.exp(v[i] - max);
        }
        return max + Math.log(sum);
    }

    /**
     * {@code count} graphs decoded from z ~ N(0, I) by {@link SlotDecoding#mostProbable}; all-empty decodings are
     * dropped, so the list may be shorter.
     */
    public List<SmallGraph> sample(int count, Rng rng) {
        Map<String, INDArray> feed = new LinkedHashMap<>();
        feed.put(LATENT, gaussian(count, rng));
        Map<String, INDArray> out = sd.output(feed, NODE_LOGITS, EDGE_LOGITS);
        return decoded(out.get(NODE_LOGITS), out.get(EDGE_LOGITS));
    }

    /**
     * Each graph encoded to its mean μ and decoded by {@link SlotDecoding#mostProbable}: null where every slot came
     * out empty.
     */
    public List<SmallGraph> reconstruct(List<SmallGraph> graphs) {
        if (spec.orderings() != 1) {
            throw new IllegalStateException("reconstruct from a model built with S = 1 (this one has " + spec.orderings() + ")");
        }
        INDArray zeros = Nd4j.zeros(sd.getVariable(EPSILON).dataType(), graphs.size(), spec.latent());
        Map<String, INDArray> feed = inputs(graphs, zeros);
        Map<String, INDArray> out = sd.output(feed, TRAIN_NODE_LOGITS, TRAIN_EDGE_LOGITS);
        List<SmallGraph> decoded = new ArrayList<>();
        double[][] nodes = out.get(TRAIN_NODE_LOGITS).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] edges = out.get(TRAIN_EDGE_LOGITS).castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int b = 0; b < graphs.size(); b++) {
            decoded.add(mostProbable(nodes[b], edges[b]));
        }
        releaseGraphArrays(feed);
        free(out.values());
        return decoded;
    }

    private List<SmallGraph> decoded(INDArray nodeLogits, INDArray edgeLogits) {
        double[][] nodes = nodeLogits.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] edges = edgeLogits.castTo(DataType.DOUBLE).toDoubleMatrix();
        List<SmallGraph> graphs = new ArrayList<>();
        for (int b = 0; b < nodes.length; b++) {
            SmallGraph g = mostProbable(nodes[b], edges[b]);
            if (g != null) {
                graphs.add(g);
            }
        }
        return graphs;
    }

    /** The graph of the most probable class of every slot and slot pair ({@link SlotDecoding#mostProbable}). */
    private SmallGraph mostProbable(double[] nodeLogits, double[] edgeLogits) {
        return SlotDecoding.mostProbable(nodeLogits, edgeLogits, spec.maxNodes(), spec.nodeTypes(), spec.edgeTypes());
    }

    private INDArray gaussian(int rows, Rng rng) {
        double[] v = new double[rows * spec.latent()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        DataType type = sd.getVariable(EPSILON).dataType();
        return HostArrays.of(v, new long[] {rows, spec.latent()}, type);
    }

    public static String relation(int edgeType) {
        return "relation_" + edgeType;
    }

    public Spec spec() {
        return spec;
    }

}
