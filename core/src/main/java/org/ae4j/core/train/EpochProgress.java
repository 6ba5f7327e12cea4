package org.ae4j.core.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar over one epoch's steps on an interactive terminal (standard error), and nothing
 * when output is redirected, so logs and CI output stay one line per epoch.
 */
final class EpochProgress implements AutoCloseable {
    private final ProgressBar bar;
    private long examples;

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

    /** Counts {@code batchSize} more examples and returns the total so far. */
    long examples(int batchSize) {
        examples += batchSize;
        return examples;
    }

    void step(String message) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(message);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
