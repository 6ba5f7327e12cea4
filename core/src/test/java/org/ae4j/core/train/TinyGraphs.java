package org.ae4j.core.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.ae4j.core.data.Dataset;
import org.ae4j.core.loss.LossTerms;
import org.ae4j.core.loss.Term;
import org.ae4j.core.model.TrainGraph;
import org.ae4j.core.nn.Init;
import org.ae4j.core.model.Noise;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small graphs and data for trainer tests. */
final class TinyGraphs {
    private TinyGraphs() {
    }

    /** Uniform [0,1) data, shape [n, d], from a seed. */
    static Dataset data(int n, int d, long seed) {
        Rng rng = Rng.seeded(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextFloat();
        }
        return Dataset.unlabelled(Nd4j.create(v, new long[] {n, d}, 'c'));
    }

    /**
     * A linear denoising map: {@code loss = mean_b sum_d ((x + 0.1 eps) W - x)^2} with eps fed as noise,
     * and a "penalty" part {@code sum W^2}, so the loss has two named terms and depends on the noise.
     */
    static TrainGraph noisyLinear(int d, long seed, Noise noise) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, d);
        SDVariable eps = sd.placeHolder(noise.placeholder(), DataType.FLOAT, -1, d);
        SDVariable w = sd.var("w", Init.glorotUniform(Rng.seeded(seed), d, d, DataType.FLOAT));
        SDVariable recon = x.add(eps.mul(0.1)).mmul(w);
        SDVariable err = recon.sub(x);
        SDVariable sq = err.mul(err).sum(1).mean().rename("sq");
        SDVariable penalty = w.mul(w).sum().mul(1e-3).rename("penalty");
        SDVariable total = sq.add(penalty).rename("objective");
        sd.setLossVariables(total);
        Map<Term, SDVariable> parts = new LinkedHashMap<>();
        parts.put(new Term("squared_error"), sq);
        parts.put(Term.PENALTY, penalty);
        return new TrainGraph(sd, "x", new LossTerms(total, parts), List.of(noise));
    }

    static Noise gaussian() {
        return Noise.standardNormal("eps", DataType.FLOAT, 4);
    }

    /** Standard normal noise that turns to NaN from the {@code nanFrom}-th draw on (0-based). */
    static Noise nanAfter(int nanFrom) {
        Noise normal = gaussian();
        AtomicInteger draws = new AtomicInteger();
        return Noise.of(normal.placeholder(), (batch, rng) -> {
            INDArray s = normal.sample(batch, rng);
            return draws.getAndIncrement() >= nanFrom ? s.assign(Double.NaN) : s;
        });
    }
}
