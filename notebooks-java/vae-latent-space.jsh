// %% [markdown]
// # The VAE's latent space during training
//
// The lecture's VAE (slides 57–61 and 84): a Gaussian encoder q(z|x) = N(μ(x), diag σ²(x)), a Bernoulli
// decoder p(x|z), the prior N(0, I), trained on the ELBO with the reparameterization trick. With a 2-d latent
// we can watch the encoder arrange the digits, and decode the prior.
//
// A small run (10,000 images, 3 epochs) so that the notebook takes under a minute; `scripts/ae4j run vae-mnist`
// is the full experiment.

// %%
Dataset train = Mnist.train().head(10_000);
Dataset test = Mnist.test().head(2_000);
Vae vae = new Vae(new Vae.Spec(List.of(784, 512, 256), Activation.RELU, 2, new Bernoulli(), 1, 1.0),
        Rng.seeded(42, "init"), DataType.FLOAT);
System.out.println(vae.loss().parts().keySet());

// %% [markdown]
// Train with the project's `Trainer`: Adam, minibatches of 128, ε drawn in Java from the seeded generator;
// each epoch's loss terms (the negative ELBO, its reconstruction and KL parts) on a held-out set.

// %%
Path runs = Files.createTempDirectory("ae4j-vae");
Trainer trainer = new Trainer(new TrainConfig(3, 128, 1e-3, 42));
History history = trainer.fit(vae.trainGraph(), train.slice(0, 9_000), train.slice(9_000, 10_000),
        RunDir.create(runs, "vae-notebook", 42, java.time.LocalDateTime.now()), EpochListener.NONE);

// %% [markdown]
// Encoder means μ(x) of the test digits, coloured by label: a regular latent space in which similar digits
// sit close together.

// %%
Path latent = Show.figure("vae-latent");
Charts.scatterByLabel(vae.encode(test.x()).mean(), test.labels(), "encoder means of test digits", "z1", "z2", latent);
Show.png(latent);

// %% [markdown]
// Samples: codes from the prior N(0, I) through the decoder.

// %%
Path samples = Show.figure("vae-samples");
ImageGrid.write(samples, vae.sample(64, Rng.seeded(42, "prior")), Mnist.SIDE, Mnist.SIDE, 8, 2);
Show.png(samples);
Map<String, Double> terms = Trainer.evaluate(vae.trainGraph(), test, 1000, Rng.seeded(42, "eval"));
System.out.printf("test ELBO %.1f nats (reconstruction %.1f, KL %.2f)%n", -terms.get("total"),
        terms.get("reconstruction"), terms.get("kl"));
/exit
