// %% [markdown]
// # Adding a model: a sparse auto-encoder
//
// A worked example of how an ae4j model is built (README, "Adding a model"): a SameDiff graph from the
// project's blocks (`Mlp`, a `Likelihood`), its loss as typed, named terms (`LossTerms`, `Term`), a gradient check, and
// training with the project's `Trainer`. The model: an auto-encoder whose ReLU code pays an L1 penalty,
// loss = −log p(x | g(f(x))) + λ‖f(x)‖₁, so that most code units are exactly zero for any one image.

// %%
/** A sparse auto-encoder: Bernoulli decoder, ReLU code with an L1 penalty λ‖z‖₁. Shapes: x [B, D], z [B, K]. */
record SparseAutoencoder(SameDiff sd, LossTerms loss) {
    static final String INPUT = "x", CODE = "code";
    static final Term SPARSITY = new Term("sparsity");                       // a loss term of its own

    static SparseAutoencoder build(List<Integer> sizes, double lambda, Rng rng, DataType type) {
        SameDiff sd = SameDiff.create();
        Mlp encoder = new Mlp(sizes, Activation.RELU, Activation.RELU);       // a ReLU code can be exactly 0
        Mlp decoder = Mlp.decoderFor(encoder, Activation.RELU, 1);            // one logit per pixel
        SDVariable x = sd.placeHolder(INPUT, type, -1, encoder.inputSize());
        SDVariable z = encoder.apply(sd, "encoder", x, rng).rename(CODE);
        SDVariable logits = decoder.apply(sd, "decoder", z, rng);
        SDVariable reconstruction = new Bernoulli().logProb(sd, logits, x, encoder.inputSize()).neg().mean()
                .rename(Term.RECONSTRUCTION.name());
        SDVariable sparsity = sd.math.abs(z).sum(1).mean().mul(lambda).rename(SPARSITY.name());
        LossTerms loss = new LossTerms(reconstruction.add(sparsity).rename("loss"),
                Map.of(Term.RECONSTRUCTION, reconstruction, SPARSITY, sparsity));
        sd.setLossVariables(loss.total());
        return new SparseAutoencoder(sd, loss);
    }

    TrainGraph trainGraph() {
        return new TrainGraph(sd, INPUT, loss, List.of());
    }

    INDArray encode(INDArray x) {
        return sd.output(Map.of(INPUT, x), CODE).get(CODE);
    }
}

// %% [markdown]
// Every loss is gradient-checked in double precision before it is trained (finite differences against
// SameDiff's gradients, on a tiny model and seeded random inputs in [0, 1]). ReLU and |z| have kinks at 0, where
// finite differences average two one-sided slopes; with biases starting at 0, an example whose hidden units are
// all off puts the next layer exactly on a kink (likely with a 3-unit code: each example has 1 chance in 8). With 8
// units per layer that is rare, and the inputs are seeded so that the check does not land on one; they are
// drawn from the project's `Rng`: ND4J's own generator is per thread, and JShell runs each statement in a new
// thread, so `Nd4j.getRandom().setSeed(...)` would not reach the next line's `Nd4j.rand`.

// %%
Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
Rng inputs = Rng.seeded(7);
double[] values = new double[4 * 6];
for (int i = 0; i < values.length; i++) values[i] = inputs.nextDouble();
SparseAutoencoder tiny = SparseAutoencoder.build(List.of(6, 8, 8), 0.1, Rng.seeded(1), DataType.DOUBLE);
boolean gradientsAgree = GradientCheck.passes(tiny.sd(), Map.of("x", Nd4j.create(values, 4, 6)));
Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
if (!gradientsAgree) throw new AssertionError("the sparse AE's gradients do not match finite differences");
System.out.println("gradient check passed");

// %% [markdown]
// Train on 10,000 MNIST digits for 2 epochs; the `Trainer` reports every named term on held-out images after
// each epoch, and writes checkpoints and `metrics.csv` into a run directory.

// %%
Dataset digits = Mnist.train().head(10_000);
SparseAutoencoder sparse = SparseAutoencoder.build(List.of(784, 256, 64), 0.05, Rng.seeded(42, "init"), DataType.FLOAT);
History history = new Trainer(new TrainConfig(2, 128, 1e-3, 42)).fit(sparse.trainGraph(), digits.slice(0, 9_000),
        digits.slice(9_000, 10_000), RunDir.create(Files.createTempDirectory("ae4j-sparse"), "sparse-ae", 42,
                java.time.LocalDateTime.now()), EpochListener.NONE);

// %% [markdown]
// How sparse are the codes? The share of code units that are exactly zero, per held-out image.

// %%
INDArray codes = sparse.encode(digits.slice(9_000, 10_000).x());
double zeros = codes.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
System.out.printf("%.0f%% of the 64 code units are exactly zero on a held-out digit%n", 100 * zeros);
/exit
