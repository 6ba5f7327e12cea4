package org.ae4j.experiments;

/**
 * The topics of the lecture (EECE 571F, Lecture 8, {@code ../shared/lecture/autoencoders-lecture.md}) in its order,
 * each with the slides it spans. Slides are numbered as the lecture file's top-level headings, the title slide
 * being 1.
 */
public enum Section {
    LINEAR("Linear auto-encoders and PCA", "9–22"),
    DEEP("Deep auto-encoders", "24–26"),
    DENOISING("Denoising auto-encoders", "28–32"),
    VARIATIONAL("Variational auto-encoders", "34–84"),
    GRAPH("Graph variational auto-encoders", "86–100"),
    /** Experiments that grow a topic of the lecture past it; their entries name the slides they build on. */
    BEYOND("Beyond the lecture", "");

    private final String title;
    private final String slides;

    Section(String title, String slides) {
        this.title = title;
        this.slides = slides;
    }

    public String title() {
        return title;
    }

    /** The slides this section spans, e.g. "24–26"; empty for {@link #BEYOND}. */
    public String slides() {
        return slides;
    }
}
