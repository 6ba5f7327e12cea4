package org.ae4j.experiments.graph;

import java.util.List;
import org.ae4j.core.runs.RunDir;
import org.ae4j.core.train.EpochListener;
import org.ae4j.core.train.History;
import org.ae4j.core.train.TrainConfig;
import org.ae4j.core.train.Trainer;
import org.ae4j.graph.data.SmallGraph;
import org.ae4j.graph.model.GraphVae;

/** How the graph-VAE experiments train a model: through the {@link Trainer}, on a run directory of its own. */
final class GraphVaeTraining {
    private GraphVaeTraining() {
    }

    /**
     * Trains {@code model} on {@code graphs} by {@code train} with the warm-up and free bits of {@code kl}, drawing from the
     * seed's stream "train-{@code id}". The model's directory is checkpointed every epoch, so {@code --resume} continues
     * a model in training; the history returned holds every epoch, also those trained before a resume.
     */
    static History fit(GraphVae model, List<SmallGraph> graphs, GraphVae.Alignment alignment, TrainConfig train,
                       GraphVae.KlSchedule kl, String id, RunDir dir) {
        return new Trainer(train).withStream("train-" + id).withHooks(kl.requireWithin(train.epochs()).hooks())
                .fit(model.trainGraph(), model.batches(graphs, alignment, train.batchSize()), null, dir,
                        EpochListener.NONE);
    }
}
