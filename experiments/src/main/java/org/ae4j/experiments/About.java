package org.ae4j.experiments;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an experiment is and which part of the lecture it shows: its command-line name, a line for
 * {@code ae4j list}, the lecture section and slides, the claim it checks, its figures with their captions and
 * the published numbers to set beside its metrics.
 *
 * <p>An experiment writes its lecture entry first: where it stands and what the lecture claims there
 * ({@code About.of(name, section, slides).claim(..)}), then what it is and shows ({@code .description(..)},
 * {@link #figure}, {@link #compareWith}).
 *
 * @param name        the name used on the command line, e.g. "mnist-ae": lower-case letters, digits and '-'
 * @param description one line for {@code ae4j list}
 * @param section     the lecture's topic it belongs to
 * @param slides      the lecture slides it illustrates, e.g. "12–17" or "57–61, 84"
 * @param claim       what the lecture claims there, which the experiment shows: prose, often a text block, so
 *                    runs of white space (line breaks included) are folded to one space and the ends stripped
 * @param figures     what its figures show, matched by the start of their file names
 * @param published   numbers from the literature, in the experiment's own units
 * @param headline    further metrics that sum up a run, shown with the published ones in docs/results.md
 */
public record About(String name, String description, Section section, String slides, String claim,
                    List<Figure> figures, List<Published> published, List<String> headline) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    public About {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an experiment's name is lower-case letters, digits and '-', got "
                    + name);
        }
        requireText(description, name + ": description");
        Objects.requireNonNull(section, name + ": section");
        requireText(slides, name + ": slides");
        requireText(claim, name + ": claim");
        claim = WHITE_SPACE.matcher(claim.strip()).replaceAll(" ");
        figures = List.copyOf(figures);
        published = List.copyOf(published);
        headline = List.copyOf(headline);
        headline.forEach(metric -> requireText(metric, name + ": a headline metric"));
    }

    /** An About without headline metrics beyond the published ones. */
    public About(String name, String description, Section section, String slides, String claim, List<Figure> figures,
                 List<Published> published) {
        this(name, description, section, slides, claim, figures, published, List.of());
    }

    /** The start of an experiment's About: its name and where it stands in the lecture. */
    public static Draft of(String name, Section section, String slides) {
        return new Draft(name, section, slides, null);
    }

    /** This with one more figure: files whose names start with {@code prefix} show {@code caption}. */
    public About figure(String prefix, String caption) {
        return new About(name, description, section, slides, claim, append(figures, new Figure(prefix, caption)),
                published, headline);
    }

    /** This with one more published number: {@code value} from {@code source}, to set beside {@code metric}. */
    public About compareWith(String metric, double value, String source) {
        return new About(name, description, section, slides, claim, figures,
                append(published, new Published(metric, value, source)), headline);
    }

    /** This with more headline metrics: what docs/results.md shows of a run beside the published numbers. */
    public About headline(String... metrics) {
        List<String> more = new ArrayList<>(headline);
        more.addAll(List.of(metrics));
        return new About(name, description, section, slides, claim, figures, published, more);
    }

    /** The metrics that sum up a run: those with a published number, then the headline ones, each once. */
    public List<String> resultMetrics() {
        Set<String> metrics = new LinkedHashSet<>();
        published.forEach(p -> metrics.add(p.metric()));
        metrics.addAll(headline);
        return List.copyOf(metrics);
    }

    /** The published number set beside {@code metric}, if there is one. */
    public Optional<Published> publishedFor(String metric) {
        return published.stream().filter(p -> p.metric().equals(metric)).findFirst();
    }

    /** The caption of the figure file {@code fileName}, if one of the figures' prefixes matches it. */
    public Optional<String> caption(String fileName) {
        return figures.stream().filter(f -> fileName.startsWith(f.prefix())).map(Figure::caption).findFirst();
    }

    /** The published value of {@code metric}, if there is one. */
    public Optional<Double> published(String metric) {
        return publishedFor(metric).map(Published::value);
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> longer = new ArrayList<>(list);
        longer.add(item);
        return longer;
    }

    private static void requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    /**
     * An About before its description: {@link #claim} sets what the lecture claims, {@link #description} makes the
     * About, with no figures or published numbers yet. A claim left out fails there, as a blank one does.
     */
    public record Draft(String name, Section section, String slides, String claim) {
        public Draft claim(String claim) {
            return new Draft(name, section, slides, claim);
        }

        public About description(String description) {
            return new About(name, description, section, slides, claim, List.of(), List.of());
        }
    }

    /** A figure of an experiment, matched by the start of its file name, with what it shows. */
    public record Figure(String prefix, String caption) {
        public Figure {
            requireText(prefix, "a figure's prefix");
            requireText(caption, "the caption of " + prefix);
        }
    }

    /** A number from the literature to set beside one of ours, in the experiment's own units. */
    public record Published(String metric, double value, String source) {
        public static final String HINTON = "Hinton & Salakhutdinov (2006), Fig. 2";
        public static final String KIPF = "Kipf & Welling (2016), Table 1";
        public static final String BURDA = "Burda et al. (2016), Table 1, VAE k = 1, one stochastic layer";
        public static final String GRAPHVAE = "Simonovsky & Komodakis (2018), Table 1, GraphVAE c = 40";
        public static final String GRAPHVAE_NOGM =
                "Simonovsky & Komodakis (2018), Table 1, NoGM (c = 80, canonical SMILES order)";

        public Published {
            requireText(metric, "a published metric");
            requireText(source, "the source of " + metric);
        }
    }
}
