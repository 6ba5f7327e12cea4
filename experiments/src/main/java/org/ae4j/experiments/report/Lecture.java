package org.ae4j.experiments.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ae4j.experiments.VgaeLinkPrediction;

/**
 * What the lecture (EECE 571F, Lecture 8, {@code ../shared/lecture/autoencoders-lecture.md}) claims and which
 * experiment shows it: the report's table of contents. Slides are numbered as the lecture file's top-level
 * headings, the title slide being 1.
 */
public final class Lecture {
    /** A figure of an experiment, matched by the start of its file name, with what it shows. */
    public record Figure(String prefix, String caption) {
        public Figure {
            Objects.requireNonNull(prefix);
            Objects.requireNonNull(caption);
        }
    }

    /** A number from the literature to set beside one of ours, in the experiment's own units. */
    public record Published(String metric, double value, String source) {
        public Published {
            Objects.requireNonNull(metric);
            Objects.requireNonNull(source);
        }
    }

    /** One experiment's place in the lecture. */
    public record Entry(String experiment, String slides, String claim, List<Figure> figures,
                        List<Published> published) {
        public Entry {
            figures = List.copyOf(figures);
            published = List.copyOf(published);
        }

        /** The caption of the figure file {@code fileName}, if one of this entry's prefixes matches it. */
        public Optional<String> caption(String fileName) {
            return figures.stream().filter(f -> fileName.startsWith(f.prefix())).map(Figure::caption).findFirst();
        }
    }

    /** A topic of the lecture's outline with its experiments in reading order. */
    public record Section(String title, String slides, List<Entry> entries) {
        public Section {
            entries = List.copyOf(entries);
        }
    }

    private static final String HINTON = "Hinton & Salakhutdinov (2006), Fig. 2";
    private static final String KIPF = "Kipf & Welling (2016), Table 1";
    private static final String BURDA = "Burda et al. (2016), Table 1, VAE k = 1, one stochastic layer";
    private static final String GRAPHVAE = "Simonovsky & Komodakis (2018), Table 1, GraphVAE c = 40";
    private static final String GRAPHVAE_NOGM = "Simonovsky & Komodakis (2018), Table 1, NoGM (c = 80, canonical SMILES order)";

    private static final List<Section> SECTIONS = List.of(
            new Section("Linear auto-encoders and PCA", "9–22", List.of(
                    new Entry("pca-mnist", "12–17", "The best K-dimensional linear map is the one that minimizes the "
                            + "reconstruction error, which is the one that maximizes the projected variance: PCA, in closed form.",
                            List.of(new Figure("components", "The mean digit and the top principal components (eigen-images) of MNIST."),
                                    new Figure("explained-variance", "Cumulative explained variance against the number of components."),
                                    new Figure("reconstructions", "Test digits reconstructed from k = 5, 10, 30, 100 components.")),
                            List.of(new Published("test_sq_err_pca30", 13.87, HINTON + ", 30-d PCA"))),
                    new Entry("pca-faces", "17", "PCA on faces: a few eigenfaces carry most of the variance.",
                            List.of(new Figure("eigenfaces", "The mean face and the top eigenfaces of the CBCL training faces."),
                                    new Figure("explained-variance", "Cumulative explained variance of the faces."),
                                    new Figure("reconstructions", "Faces reconstructed from a growing number of eigenfaces.")),
                            List.of()),
                    new Entry("linear-ae-copy", "10", "With K ≥ D a linear auto-encoder can choose UV = I: it just copies its input.",
                            List.of(new Figure("reconstructions", "Test digits and their copies through x̃ = UVx with K = D."),
                                    new Figure("uv-matrix", "The learned UV, close to the identity on the data's span."),
                                    new Figure("training-curves", "Reconstruction error during training.")),
                            List.of()),
                    new Entry("linear-ae-vs-pca", "18–19", "A linear AE trained by gradient descent reaches PCA's error and "
                            + "subspace but not its basis: any invertible A gives the same loss through (UA⁻¹)(AV).",
                            List.of(new Figure("decoder-vs-pca", "The linear AE's decoder columns beside the principal components: same span, other basis."),
                                    new Figure("recon-gap", "The gap to PCA's reconstruction error during training."),
                                    new Figure("subspace-and-basis", "Subspace distance falls to zero while the axis alignment does not.")),
                            List.of()),
                    new Entry("regularized-lae", "20–21", "Regularization (Bao et al. 2020, non-uniform L2) makes the minimum "
                            + "recover the ordered principal components.",
                            List.of(new Figure("axis-alignment", "Alignment of the decoder columns with the principal axes: non-uniform, uniform and no L2."),
                                    new Figure("subspace-distance", "Distance to the principal subspace during training."),
                                    new Figure("decoder-columns", "The decoder columns beside the principal components, in order.")),
                            List.of()))),
            new Section("Deep auto-encoders", "24–26", List.of(
                    new Entry("mnist-ae", "3–7", "An auto-encoder learns a code from which its input can be reconstructed.",
                            List.of(new Figure("reconstructions", "Test digits and their reconstructions through a 32-d code."),
                                    new Figure("training-curves", "Training and held-out loss.")),
                            List.of()),
                    new Entry("deep-ae-mnist", "26", "Deep auto-encoders learn better codes than linear ones: 30-d deep AE "
                            + "against 30-d logistic PCA and 30-d PCA (Hinton & Salakhutdinov 2006).",
                            List.of(new Figure("reconstructions", "Rows: real test digits, 30-d deep AE, 30-d logistic PCA, 30-d PCA."),
                                    new Figure("training-curves", "Training and held-out loss of the deep AE.")),
                            List.of(new Published("test_sq_err_deep_ae", 3.00, HINTON),
                                    new Published("test_sq_err_logistic_pca", 8.01, HINTON),
                                    new Published("test_sq_err_pca", 13.87, HINTON))),
                    new Entry("deep-ae-2d", "24–25", "Deep auto-encoders project onto a manifold, a nonlinear dimension reduction.",
                            List.of(new Figure("codes-deep-ae", "2-d codes of the test digits from the deep AE, coloured by label."),
                                    new Figure("codes-pca", "The first two principal components of the same digits."),
                                    new Figure("training-curves", "Training and held-out loss.")),
                            List.of()))),
            new Section("Denoising auto-encoders", "28–32", List.of(
                    new Entry("dae-mnist", "30", "Trained to remove added noise, the network keeps the structure of images and removes the noise.",
                            List.of(new Figure("denoising-", "Clean, corrupted and denoised test digits for one corruption."),
                                    new Figure("held-out-loss", "Held-out denoising error of each model during training.")),
                            List.of()),
                    new Entry("dae-spiral", "31–32", "r(x) − x points from a corrupted point back toward the data manifold (zoomed out and in).",
                            List.of(new Figure("vector-field-whole", "The field r(x) − x over the whole plane around the spiral (zoom out)."),
                                    new Figure("vector-field-close", "The same field close to the spiral (zoom in)."),
                                    new Figure("training-curves", "Training and held-out denoising error.")),
                            List.of()),
                    new Entry("dae-score", "31–32", "Why the field points to the data: r(x) − x estimates σ²∇log p(x) (Alain & Bengio 2014).",
                            List.of(new Figure("score-field-sigma-", "r(x) − x beside σ²∇log p(x) on a Gaussian mixture with a known score."),
                                    new Figure("score-scatter", "r(x) − x against σ²∇log p(x), one panel per σ.")),
                            List.of()))),
            new Section("Variational auto-encoders", "34–84", List.of(
                    new Entry("ae-vs-vae-sampling", "34–39", "Codes sampled for a plain AE fall off the manifold and decode to "
                            + "bad data; a VAE learns a latent space that is good for generation.",
                            List.of(new Figure("samples-ae-standard-normal", "A plain AE's decoder on codes from N(0, I)."),
                                    new Figure("samples-ae-fitted-gaussian", "A plain AE's decoder on codes from a Gaussian fitted to its training codes."),
                                    new Figure("samples-vae-prior", "A VAE's decoder on codes from its prior N(0, I).")),
                            List.of()),
                    new Entry("vae-mnist", "57–61, 84", "A Gaussian encoder, a decoder and a standard normal prior trained on "
                            + "the ELBO: the latent space and the samples during training, as on the lecture's MNIST slide.",
                            List.of(new Figure("latent-epoch-", "Encoder means of test digits (2-d latent), coloured by label, at one epoch."),
                                    new Figure("samples-epoch-", "Decoded samples from the prior at one epoch."),
                                    new Figure("manifold", "The decoder over a grid of Gaussian quantiles of the 2-d latent."),
                                    new Figure("interpolations", "Decodings along straight lines between encoded test digits."),
                                    new Figure("training-curves", "ELBO terms (reconstruction, KL) during training.")),
                            List.of()),
                    new Entry("vae-mnist-nll", "41–55", "The ELBO bounds log p(x); importance sampling with k samples tightens "
                            + "the bound as k grows (Burda et al. 2016).",
                            List.of(new Figure("training-curves", "ELBO terms during training.")),
                            List.of(new Published("test_nll_is5000", 86.76, BURDA))),
                    new Entry("amortization-gap", "63–65", "The encoder is amortized: one set of parameters for every x, where "
                            + "traditional VI optimizes a q per datapoint; the difference is the amortization gap.",
                            List.of(new Figure("elbo-per-datapoint", "Per-image ELBO of the amortized encoder and of a q optimized per image.")),
                            List.of()),
                    new Entry("gradient-variance", "67–83", "The reparameterization trick gives low-variance gradients compared "
                            + "with the score-function (REINFORCE) estimator.",
                            List.of(new Figure("gradient-variance", "Gradient variance of both estimators against the number of samples.")),
                            List.of()))),
            new Section("Graph variational auto-encoders", "86–100", List.of(
                    new Entry("vgae-link-prediction", "86–92", "A GCN encoder and an inner-product decoder σ(ZᵢᵀZⱼ): GAE and VGAE "
                            + "link prediction on citation graphs (Kipf & Welling 2016).",
                            List.of(new Figure("embeddings-", "Node embeddings (first two principal components), coloured by class.")),
                            VgaeLinkPrediction.KIPF_WELLING_TABLE_1.entrySet().stream()
                                    .map(e -> new Published(e.getKey(), e.getValue(), KIPF)).toList()),
                    new Entry("graph-vae-decoders", "89–91", "The lecture's decoders: H = MLP(Z) before the inner product, and a "
                            + "GNN node-feature decoder p(X | A, Z).",
                            List.of(new Figure("link-prediction-", "Link prediction of each decoder variant.")),
                            List.of()),
                    new Entry("graphvae-synthetic", "93–100", "With a decoder that is not permutation-equivariant the ELBO is not "
                            + "invariant; sampling orderings (uniform, or from domain knowledge) bounds the invariant likelihood.",
                            List.of(new Figure("bound-vs-orderings-", "Held-out bound log Σ_{P∈S} exp ELBO(PG) against |S|, uniform and BFS orderings."),
                                    new Figure("samples-", "Prior samples of one family and alignment.")),
                            List.of()),
                    new Entry("graphvae-qm9", "99–100", "One-shot generation of small graphs (GraphVAE, QM9): graph matching or "
                            + "sampled orderings stand in for an equivariant decoder.",
                            List.of(new Figure("molecules-", "Valid sampled molecules of one model, drawn as graphs.")),
                            List.of(new Published("qm9_valid", 54.2, GRAPHVAE), new Published("qm9_unique", 61.8, GRAPHVAE),
                                    new Published("qm9_novel", 61.7, GRAPHVAE),
                                    new Published("qm9_valid_none", 81.0, GRAPHVAE_NOGM),
                                    new Published("qm9_unique_none", 24.1, GRAPHVAE_NOGM),
                                    new Published("qm9_novel_none", 61.0, GRAPHVAE_NOGM))))));

    private Lecture() {
    }

    /** The lecture's topics in order, each with its experiments. */
    public static List<Section> sections() {
        return SECTIONS;
    }

    /** The published value of {@code metric} of {@code experiment}, if the lecture's table lists one. */
    public static java.util.Optional<Double> published(String experiment, String metric) {
        return SECTIONS.stream().flatMap(s -> s.entries().stream()).filter(e -> e.experiment().equals(experiment))
                .flatMap(e -> e.published().stream()).filter(p -> p.metric().equals(metric)).map(Published::value)
                .findFirst();
    }

    /** Every experiment the lecture names, in the order the report shows them. */
    public static List<String> experiments() {
        return SECTIONS.stream().flatMap(s -> s.entries().stream()).map(Entry::experiment).toList();
    }
}
