// %% [markdown]
// # VGAE embeddings of Cora
//
// The lecture's graph VAE (slides 86–92; Kipf & Welling 2016): a two-layer GCN encoder gives each node a
// Gaussian q(zᵢ | X, A), and an inner-product decoder p(Aᵢⱼ = 1 | z) = σ(zᵢᵀzⱼ) reconstructs the adjacency.
// We hold out 10% of the edges, train on the rest, and score held-out edges against as many non-edges.

// %%
Graph cora = Linqs.load(DataDir.resolve(), "cora");
System.out.println(cora.nodes() + " papers, " + cora.edges().length + " citations, " + cora.featureSize() + " words");

// %%
EdgeSplit split = EdgeSplit.of(cora, 0.05, 0.10, Rng.seeded(42, "split"));
GraphAutoencoder vgae = new GraphAutoencoder(GraphAutoencoder.Spec.vgae(), cora.withEdges(split.train()),
        Rng.seeded(42, "init"), DataType.FLOAT);
// One full-batch Adam step per epoch, as in the paper.
History history = new Trainer(new TrainConfig(100, 1, 0.01, 42)).checkpointEvery(100)
        .fit(vgae.trainGraph(), vgae.feeds(), null, null, EpochListener.NONE);
double[] loss = history.trainCurve(Term.TOTAL);
System.out.printf("loss %.4f -> %.4f after %d full-batch Adam steps%n", loss[0], loss[loss.length - 1], loss.length);

// %% [markdown]
// Link prediction on the held-out edges (published after 200 epochs: AUC 91.4, AP 92.6).

// %%
LinkPrediction test = LinkPrediction.of(vgae.edgeProbabilities(split.testEdges()),
        vgae.edgeProbabilities(split.testNonEdges()));
System.out.printf("test AUC %.2f, AP %.2f%n", 100 * test.auc(), 100 * test.ap());

// %% [markdown]
// The encoder means μᵢ (16-d) on their first two principal components, coloured by the paper's subject, which
// the model never saw: citation structure alone separates the topics.

// %%
INDArray mu = vgae.embed();
Pca pca = Pca.fit(mu, 2);
Path embeddings = Show.figure("vgae-embeddings");
Charts.scatterByLabel(pca.encode(mu), cora.labels(), "Cora: VGAE encoder means (first 2 principal components)",
        "PC 1", "PC 2", embeddings);
Show.png(embeddings);
/exit
