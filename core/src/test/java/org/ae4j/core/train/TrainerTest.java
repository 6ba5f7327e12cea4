package org.ae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.loss.LossTerms;
import org.ae4j.core.model.TrainGraph;
import org.ae4j.core.model.Noise;
import org.ae4j.core.random.Rng;
import org.ae4j.core.runs.RunDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrainerTest {
    private static final Dataset TRAIN = TinyGraphs.data(96, 4, 1);
    private static final Dataset VALID = TinyGraphs.data(32, 4, 2);

    private static RunDir runDir(Path parent, String name) {
        return RunDir.create(parent, name, 42, java.time.LocalDateTime.of(2026, 1, 1, 0, 0));
    }

    private static TrainConfig config(int epochs) {
        return new TrainConfig(epochs, 16, 0.01, 42);
    }

    @Test
    void aStepMovesTheWeightsAndTrainingLowersTheLoss() {
        TrainGraph graph = TinyGraphs.noisyLinear(4, 7, TinyGraphs.gaussian());
        INDArray before = graph.sd().getVariable("w").getArr().dup();
        double initial = Trainer.evaluate(graph, VALID, 16, Rng.seeded(3)).get("total");
        History h = new Trainer(config(5)).fit(graph, TRAIN, VALID, null, EpochListener.NONE);
        INDArray after = graph.sd().getVariable("w").getArr();
        assertNotEquals(before, after);
        assertEquals(5, h.epochs().size());
        assertEquals(List.of("total", "squared_error", "penalty"), List.copyOf(h.last().train().keySet()));
        assertTrue(h.last().valid().get("total") < 0.5 * initial,
                "valid loss " + h.last().valid().get("total") + " vs initial " + initial);
        assertEquals(5 * 6, h.last().step());
    }

    @Test
    void theSameSeedGivesIdenticalLossesAndAnotherSeedDoesNot() {
        History a = new Trainer(config(2)).fit(TinyGraphs.noisyLinear(4, 7, TinyGraphs.gaussian()),
                TRAIN, VALID, null, EpochListener.NONE);
        History b = new Trainer(config(2)).fit(TinyGraphs.noisyLinear(4, 7, TinyGraphs.gaussian()),
                TRAIN, VALID, null, EpochListener.NONE);
        History c = new Trainer(new TrainConfig(2, 16, 0.01, 43)).fit(TinyGraphs.noisyLinear(4, 7, TinyGraphs.gaussian()),
                TRAIN, VALID, null, EpochListener.NONE);
        for (int e = 0; e < 2; e++) {
            assertEquals(a.epochs().get(e).train(), b.epochs().get(e).train());
            assertEquals(a.epochs().get(e).valid(), b.epochs().get(e).valid());
        }
        assertNotEquals(a.last().train(), c.last().train());
    }

    @Test
    void resumingAfterOneEpochMatchesTrainingStraightThrough(@TempDir Path dir) throws Exception {
        TrainGraph straight = TinyGraphs.noisyLinear(4, 7, TinyGraphs.gaussian());
        History full = new Trainer(config(2)).fit(straight, TRAIN, VALID, runDir(dir, "a"), EpochListener.NONE);

        RunDir run = runDir(dir, "b");
        new Trainer(config(1)).fit(TinyGraphs.noisyLinear(4, 7, TinyGraphs.gaussian()), TRAIN, VALID, run,
                EpochListener.NONE);
        assertEquals(2, Files.readAllLines(run.metricsCsv()).size());
        // A fresh process would rebuild the model with new weights: use another init seed to prove they are restored.
        TrainGraph resumed = TinyGraphs.noisyLinear(4, 99, TinyGraphs.gaussian());
        History split = new Trainer(config(2)).fit(resumed, TRAIN, VALID, run, EpochListener.NONE);
        assertEquals(full.toCsv().lines().count(), Files.readAllLines(run.metricsCsv()).size());

        assertEquals(2, split.epochs().size());
        for (int e = 0; e < 2; e++) {
            for (String term : full.epochs().get(e).train().keySet()) {
                assertEquals(full.epochs().get(e).train().get(term), split.epochs().get(e).train().get(term), 1e-6, term);
                assertEquals(full.epochs().get(e).valid().get(term), split.epochs().get(e).valid().get(term), 1e-6, term);
            }
        }
        assertEquals(full.last().step(), split.last().step());
        INDArray w1 = straight.sd().getVariable("w").getArr();
        INDArray w2 = resumed.sd().getVariable("w").getArr();
        assertTrue(w1.equalsWithEps(w2, 1e-6), "weights differ after resume");
    }

    @Test
    void weightDecayShrinksTheWeightsAndResumesExactly(@TempDir Path dir) {
        TrainConfig decayed = new TrainConfig(2, 16, 0.01, 0.01, 42, 5.0);
        TrainGraph plain = TinyGraphs.noisyLinear(4, 7, TinyGraphs.gaussian());
        new Trainer(config(2)).fit(plain, TRAIN, VALID, null, EpochListener.NONE);
        TrainGraph straight = TinyGraphs.noisyLinear(4, 7, TinyGraphs.gaussian());
        new Trainer(decayed).fit(straight, TRAIN, VALID, runDir(dir, "a"), EpochListener.NONE);
        double plainNorm = plain.sd().getVariable("w").getArr().norm2Number().doubleValue();
        double decayedNorm = straight.sd().getVariable("w").getArr().norm2Number().doubleValue();
        assertTrue(decayedNorm < 0.9 * plainNorm, decayedNorm + " vs " + plainNorm);

        RunDir run = runDir(dir, "b");
        new Trainer(decayed.withEpochs(1)).fit(TinyGraphs.noisyLinear(4, 7, TinyGraphs.gaussian()), TRAIN, VALID, run,
                EpochListener.NONE);
        TrainGraph resumed = TinyGraphs.noisyLinear(4, 99, TinyGraphs.gaussian());
        new Trainer(decayed).fit(resumed, TRAIN, VALID, run, EpochListener.NONE);
        assertEquals(straight.sd().getVariable("w").getArr(), resumed.sd().getVariable("w").getArr());
    }

    @Test
    void aNonFiniteLossStopsTrainingNamingEpochStepAndTermAndKeepsTheLastCheckpoint(@TempDir Path dir) throws Exception {
        RunDir run = runDir(dir, "nan");
        Path checkpoint = run.checkpoint();
        // 6 training batches and 2 validation batches per epoch: draw 8 (0-based) is epoch 2's first training batch.
        TrainGraph graph = TinyGraphs.noisyLinear(4, 7, TinyGraphs.nanAfter(8));
        List<EpochResult> seen = new java.util.ArrayList<>();
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> new Trainer(config(3)).fit(graph, TRAIN, VALID, run, seen::add));
        assertEquals(2, e.epoch());
        assertEquals(7, e.step());
        assertEquals("training total", e.term());
        assertTrue(e.getMessage().contains("epoch 2") && e.getMessage().contains("step 7"), e.getMessage());
        assertEquals(1, seen.size());
        assertEquals(1, Checkpoint.read(checkpoint).state().epoch());
        assertFalse(Files.exists(checkpoint.resolveSibling("last.zip.tmp")));
        assertEquals(2, Files.readAllLines(run.metricsCsv()).size(), "epoch 1's row is kept");
    }

    @Test
    void aCorruptCheckpointIsReportedByName(@TempDir Path dir) throws Exception {
        RunDir run = runDir(dir, "corrupt");
        Path checkpoint = run.checkpoint();
        Files.write(checkpoint, new byte[] {'P', 'K', 3, 4, 1, 2});
        TrainGraph graph = TinyGraphs.noisyLinear(4, 7, TinyGraphs.gaussian());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Trainer(config(1)).fit(graph, TRAIN, VALID, run, EpochListener.NONE));
        assertTrue(e.getMessage().contains(checkpoint.toString()), e.getMessage());
    }

    @Test
    void aCheckpointFromAnotherModelIsRefused(@TempDir Path dir) {
        RunDir run = runDir(dir, "other");
        new Trainer(config(1)).fit(TinyGraphs.noisyLinear(4, 7, TinyGraphs.gaussian()), TRAIN, VALID, run,
                EpochListener.NONE);
        TrainGraph wider = TinyGraphs.noisyLinear(4, 7, TinyGraphs.gaussian());
        wider.sd().var("extra", org.nd4j.linalg.factory.Nd4j.zeros(1, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Trainer(config(2)).fit(wider, TRAIN, VALID, run, EpochListener.NONE));
        assertTrue(e.getMessage().contains("extra"), e.getMessage());
    }

    @Test
    void dataOfTheWrongWidthIsRejectedBeforeTraining() {
        TrainGraph graph = TinyGraphs.noisyLinear(4, 7, TinyGraphs.gaussian());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(config(1)).fit(graph, TinyGraphs.data(10, 5, 1), VALID, null, EpochListener.NONE));
        assertTrue(e.getMessage().contains("5 features") && e.getMessage().contains("takes 4"), e.getMessage());
    }

    @Test
    void aNoiseOnTheInputPlaceholderReplacesTheBatch() {
        // loss = mean over examples of sum(x): 0.3 * 4 = 1.2 for the raw batch; dynamically binarized,
        // each value is 1 with probability 0.3, so the mean over 2,000 examples is 1.2 +- 0.03 but never
        // exactly 1.2, and every fed value is 0 or 1.
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable loss = x.sum(1).mean().rename("loss");
        sd.setLossVariables(loss);
        Dataset data = Dataset.unlabelled(Nd4j.valueArrayOf(new long[] {2000, 4}, 0.3f));
        TrainGraph plain = new TrainGraph(sd, "x", LossTerms.of(loss), List.of());
        TrainGraph binarized = new TrainGraph(sd, "x", LossTerms.of(loss), List.of(Noise.binarized("x")));
        assertEquals(1.2, Trainer.evaluate(plain, data, 500, Rng.seeded(1)).get("total"), 1e-5);
        double b = Trainer.evaluate(binarized, data, 500, Rng.seeded(1)).get("total");
        assertEquals(1.2, b, 0.06);
        assertNotEquals(1.2, b, 1e-6);
        INDArray fed = Noise.binarized("x").sample(data.x(), Rng.seeded(2));
        assertEquals(fed.length(), fed.eq(0).castTo(DataType.INT32).sumNumber().longValue()
                + fed.eq(1).castTo(DataType.INT32).sumNumber().longValue());
    }

    @Test
    void noiseIsFreshEveryDrawAndReproducibleFromTheSeed() {
        Noise noise = TinyGraphs.gaussian();
        Rng a = Rng.seeded(5);
        INDArray batch = TinyGraphs.data(3, 4, 1).x();
        INDArray first = noise.sample(batch, a);
        INDArray second = noise.sample(batch, a);
        assertArrayEquals(new long[] {3, 4}, first.shape());
        assertNotEquals(first, second);
        assertEquals(first, noise.sample(batch, Rng.seeded(5)));
    }

    @Test
    void invalidConfigsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(0, 16, 0.01, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 0, 0.01, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 16, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 16, -1, 1));
    }
}
