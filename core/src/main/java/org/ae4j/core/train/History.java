package org.ae4j.core.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ae4j.core.loss.Term;
import org.ae4j.core.runs.AtomicWrite;

/** The per-epoch results of a training run, oldest first. */
public record History(List<EpochResult> epochs) {
    public History {
        epochs = List.copyOf(epochs);
    }

    public static History empty() {
        return new History(List.of());
    }

    public History plus(EpochResult result) {
        List<EpochResult> all = new ArrayList<>(epochs);
        all.add(result);
        return new History(all);
    }

    public int completedEpochs() {
        return epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).epoch();
    }

    public EpochResult last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch has completed");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** The training mean of loss term {@code term} in each epoch, oldest first. */
    public double[] trainCurve(Term term) {
        return epochs.stream().mapToDouble(e -> term.in(e.train())).toArray();
    }

    /**
     * One row per epoch: epoch, step, train_&lt;term&gt;..., valid_&lt;term&gt;... Measurements only, so that two runs
     * with the same seed and settings give the same bytes; wall time is in {@link #timingCsv()}.
     */
    public String toCsv() {
        StringBuilder csv = new StringBuilder("epoch,step");
        if (!epochs.isEmpty()) {
            epochs.get(0).train().keySet().forEach(t -> csv.append(",train_").append(t));
            epochs.get(0).valid().keySet().forEach(t -> csv.append(",valid_").append(t));
        }
        csv.append('\n');
        for (EpochResult e : epochs) {
            csv.append(e.epoch()).append(',').append(e.step());
            e.train().values().forEach(v -> csv.append(',').append(v));
            e.valid().values().forEach(v -> csv.append(',').append(v));
            csv.append('\n');
        }
        return csv.toString();
    }

    /** One row per epoch: epoch, seconds (wall time of its training and evaluation). */
    public String timingCsv() {
        StringBuilder csv = new StringBuilder("epoch,seconds\n");
        for (EpochResult e : epochs) {
            csv.append(e.epoch()).append(',').append(String.format(Locale.ROOT, "%.3f", e.seconds())).append('\n');
        }
        return csv.toString();
    }

    /** Writes {@link #toCsv()} to {@code metrics} and {@link #timingCsv()} to {@code timing}, each atomically. */
    public void writeCsv(Path metrics, Path timing) {
        AtomicWrite.string(metrics, toCsv());
        AtomicWrite.string(timing, timingCsv());
    }
}
