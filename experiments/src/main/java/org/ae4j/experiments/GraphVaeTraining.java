package org.ae4j.experiments;

import java.util.List;
import org.ae4j.core.run.RunDir;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.History;
import org.ae4j.core.train.Trainer;
import org.ae4j.graph.GraphVae;
import org.ae4j.graph.SmallGraph;

/** How the graph-VAE experiments train a model: through the {@link Trainer}, on a run directory of its own. */
final class GraphVaeTraining {
    private GraphVaeTraining() {
    }

    /**
     * Trains {@code model} on {@code graphs} with the warm-up and free bits of {@code training}, drawing from the
     * seed's stream "train-{@code id}". The model's directory is checkpointed every epoch, so {@code --resume} continues
     * a model in training; the history returned holds every epoch, also those trained before a resume.
     */
    static History fit(GraphVae model, List<SmallGraph> graphs, GraphVae.Alignment alignment, GraphVae.Training training,
                       String id, RunDir dir) {
        return new Trainer(training.config()).withStream("train-" + id).withHooks(training.hooks())
                .fit(model.trainGraph(), model.batches(graphs, alignment, training.config().batchSize()), null, dir,
                        EpochListener.NONE);
    }
}
