package org.ae4j.core.train;

import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on an interactive terminal (standard error), and nothing when output is redirected, so logs and CI
 * output stay one line per epoch: one bar per epoch over its steps, or, when an epoch is one full-batch step, one
 * bar over the epochs.
 */
final class EpochProgress implements AutoCloseable {
    private final int steps;
    private final int epochs;
    private final boolean shown;
    private ProgressBar bar;

    private EpochProgress(int steps, int epochs, boolean shown) {
        this.steps = steps;
        this.epochs = epochs;
        this.shown = shown;
    }

    /** Progress over {@code epochs} epochs of {@code steps} steps, {@code done} of them already completed. */
    static EpochProgress start(int steps, int epochs, int done) {
        EpochProgress p = new EpochProgress(steps, epochs, System.console() != null);
        if (p.shown && steps == 1) {
            p.bar = p.open("epochs", epochs);
            p.bar.stepTo(done);
        }
        return p;
    }

    void startEpoch(int epoch) {
        if (shown && steps > 1) {
            closeBar();
            bar = open("epoch " + epoch + "/" + epochs, steps);
        }
    }

    /** One step done; shows the running mean of every term ({@code sums[t] / examples}). */
    void step(List<String> terms, double[] sums, long examples) {
        if (bar != null) {
            StringBuilder message = new StringBuilder();
            for (int t = 0; t < terms.size(); t++) {
                message.append(t == 0 ? "" : "  ").append(terms.get(t)).append(' ')
                        .append(String.format("%.4f", sums[t] / examples));
            }
            bar.step();
            bar.setExtraMessage(message.toString());
        }
    }

    private ProgressBar open(String task, int max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).continuousUpdate().build();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void close() {
        closeBar();
    }
}
