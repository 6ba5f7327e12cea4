// %% [markdown]
// # Adding a model: a sparse auto-encoder, from parts to an experiment
//
// An ae4j model is composed of parts (README, "A first model"; docs/models.md): an auto-encoder is an encoder
// `Block`, a decoder `Block`, a `Likelihood` and, if wanted, penalties on its code. This walk-through adds one new
// part, builds a model from it and the library's parts, checks its gradients, trains it with the one `Trainer`,
// and turns it into an experiment. The model is Ng's sparse auto-encoder (Ng 2011, "Sparse autoencoder", CS294A
// notes): sigmoid code units whose mean activation over a batch, ρ̂ⱼ, is pulled to a small target ρ by the penalty
// β Σⱼ KL(ρ ‖ ρ̂ⱼ), so that each unit fires for few images.

// %% [markdown]
// The new part: a `CodePenalty`, logged as a loss term of its own (`Term`), beside the reconstruction.

// %%
import org.ae4j.experiments.*;   // Experiment, About, RunContext: for the last part

/** β Σⱼ KL(ρ ‖ ρ̂ⱼ) with ρ̂ⱼ the batch mean of code unit j, for codes in (0, 1): [B, K] to a scalar. */
record MeanActivationPenalty(double rho, double beta) implements CodePenalty {
    static final Term TERM = new Term("sparsity_kl");

    public Term term() {
        return TERM;
    }

    public SDVariable apply(SameDiff sd, SDVariable code) {
        SDVariable rhoHat = code.mean(0);                                                   // ρ̂ [K]
        SDVariable toOne = sd.math.log(rhoHat.rsub(1.0).rdiv(1.0 - rho)).mul(1.0 - rho);      // (1−ρ) log((1−ρ)/(1−ρ̂))
        return sd.math.log(rhoHat.rdiv(rho)).mul(rho).add(toOne).sum().mul(beta);         // + ρ log(ρ/ρ̂), summed
    }
}

/** The model: sigmoid encoder 784 → K, sigmoid decoder back to 784 Bernoulli logits, and the penalty. */
Autoencoder sparseAutoencoder(List<Integer> sizes, double rho, double beta, Rng rng, DataType type) {
    List<Integer> back = new ArrayList<>(sizes);
    Collections.reverse(back);
    return new Autoencoder(new Mlp(sizes, Activation.SIGMOID, Activation.SIGMOID),   // a code in (0, 1)
            new Mlp(back, Activation.SIGMOID, Activation.IDENTITY),                       // logits of p(x | z)
            new Bernoulli(), List.of(new MeanActivationPenalty(rho, beta)), rng, type);
}

// %% [markdown]
// Every loss is gradient-checked in double precision before it is trained: finite differences against SameDiff's
// gradients, on a tiny model and seeded inputs in [0, 1] (drawn from the project's `Rng`: ND4J's generator is per
// thread, and JShell runs each statement in a new thread).

// %%
Rng inputs = Rng.seeded(7);
double[] values = new double[4 * 6];
for (int i = 0; i < values.length; i++) values[i] = inputs.nextDouble();
Autoencoder tiny = sparseAutoencoder(List.of(6, 3), 0.1, 0.5, Rng.seeded(1), DataType.DOUBLE);
if (!GradientCheck.passes(tiny.sameDiff(), Map.of(Autoencoder.INPUT, Nd4j.create(values, 4, 6))))
    throw new AssertionError("the sparse AE's gradients do not match finite differences");
System.out.println("gradient check passed; terms " + tiny.loss().terms());

// %% [markdown]
// Train on 10,000 MNIST digits for 3 epochs: the `Trainer` logs every term on held-out images after each epoch and
// writes `metrics.csv` and a checkpoint into the run directory.

// %%
Dataset digits = Mnist.train().head(10_000);
Autoencoder sparse = sparseAutoencoder(List.of(784, 196), 0.05, 3.0, Rng.seeded(42, "init"), DataType.FLOAT);
History history = new Trainer(new TrainConfig(3, 128, 1e-2, 42)).fit(sparse.trainGraph(), digits.slice(0, 9_000),
        digits.slice(9_000, 10_000), RunDir.create(Files.createTempDirectory("ae4j-sparse"), "sparse-ae", 42,
                java.time.LocalDateTime.now()), EpochListener.NONE);
System.out.println(history.last().valid());

// %% [markdown]
// Is it sparse? The code units' mean activation over held-out digits falls toward ρ = 0.05 as training goes on.

// %%
INDArray codes = sparse.encode(digits.slice(9_000, 10_000).x());
double meanActivation = codes.meanNumber().doubleValue();
System.out.printf("mean code activation %.3f (target 0.05)%n", meanActivation);

// %% [markdown]
// ## As an experiment
//
// In the project an experiment is one class, read top to bottom (config, data, model, train, evaluate, write), that
// says what it is and where it stands in the lecture (`About`). Adding one touches two files: the class, in
// `experiments/src/main/java/org/ae4j/experiments/`, and one line naming it in
// `experiments/src/main/resources/META-INF/services/org.ae4j.experiments.Experiment`. The CLI, the reproduction,
// the report and the IntelliJ run configurations (`ae4j run-configurations --write`) find it there, and the smoke
// test runs every registered experiment on quick settings. Here it is defined and run in place.

// %%
class SparseAeMnist implements Experiment {
    record Config(List<Integer> sizes, double rho, double beta, int trainExamples, int heldOut, TrainConfig train) {
        static Config of(RunOptions o) {
            return new Config(List.of(784, 196), 0.05, 3.0, o.quick() ? 5_000 : 55_000, o.quick() ? 1_000 : 5_000,
                    new TrainConfig(o.epochsOr(o.quick() ? 1 : 20), 128, 1e-2, 1e-3, o.seed()));
        }
    }

    public About about() {
        return About.of("sparse-ae-mnist", Section.DEEP, "3–7")
                .claim("""
                        A penalty on the mean activation of each code unit gives a sparse code.
                        """)
                .description("Ng's sparse auto-encoder on MNIST: code units that fire for few digits")
                .figure("features", "The encoder's weights of the first code units, as images.");
    }

    public void run(RunContext ctx) throws Exception {
        Config config = ctx.config(Config::of);                     // the settings, also written to config.json
        Dataset all = Mnist.load(ctx.data(), Split.TRAIN).head(config.trainExamples() + config.heldOut());
        Dataset train = all.slice(0, config.trainExamples());
        Dataset heldOut = all.slice(config.trainExamples(), config.trainExamples() + config.heldOut());
        Autoencoder model = sparseAutoencoder(config.sizes(), config.rho(), config.beta(),
                Rng.seeded(config.train().seed(), "init"), DataType.FLOAT);
        History history = new Trainer(config.train()).fit(model.trainGraph(), train, heldOut, ctx.dir(),
                EpochListener.NONE);
        INDArray weights = model.sameDiff().getVariable("encoder/w0").getArr().transpose();   // [K, 784]
        ImageGrid.write(ctx.dir().figure("features"), ImageGrid.signedToUnit(weights.getRows(
                java.util.stream.IntStream.range(0, 64).toArray())), 28, 28, 8, 2);
        ctx.dir().writeMetrics(Map.of("valid_total", Term.TOTAL.in(history.last().valid()),
                "mean_code_activation", model.encode(heldOut.x()).meanNumber().doubleValue()));
    }
}

Experiment experiment = new SparseAeMnist();
RunContext ctx = RunContext.create(experiment, new RunOptions(null, 42, null, true),
        Files.createTempDirectory("ae4j-runs"), List.of("run", experiment.name(), "--quick"));
experiment.run(ctx);
System.out.println(Files.readString(ctx.dir().path().resolve(RunDir.METRICS_JSON)));
/exit
