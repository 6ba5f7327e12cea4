package org.ae4j.core.train;

import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar over one epoch's steps on an interactive terminal (standard error), and nothing
 * when output is redirected, so logs and CI output stay one line per epoch.
 */
final class EpochProgress implements AutoCloseable {
    private final ProgressBar bar;

    private EpochProgress(ProgressBar bar) {
        this.bar = bar;
    }

    static EpochProgress start(String task, int steps) {
        if (System.console() == null) {
            return new EpochProgress(null);
        }
        return new EpochProgress(new ProgressBarBuilder().setTaskName(task).setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build());
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

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
