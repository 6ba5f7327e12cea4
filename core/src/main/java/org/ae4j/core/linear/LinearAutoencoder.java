package org.ae4j.core.linear;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ae4j.core.data.FullBatch;
import org.ae4j.core.data.HostArrays;
import org.ae4j.core.loss.LossTerms;
import org.ae4j.core.loss.Term;
import org.ae4j.core.model.Model;
import org.ae4j.core.model.TrainGraph;
import org.ae4j.core.random.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A linear auto-encoder {@code x~ = U V x} without biases (the data is centered), encoder V [K, D],
 * decoder U [D, K], with the L2 penalty of Bao, Lucas, Sachdeva &amp; Grosse (NeurIPS 2020):
 *
 * <pre>{@code  L(U, V) = (1/N) sum_n ||x_n - U V x_n||^2 + sum_i l2_i^2 (||u_i||^2 + ||v_i||^2)}</pre>
 *
 * where u_i is column i of U and v_i row i of V ({@code Lambda^{1/2} = diag(l2)} as in the authors' code).
 * All l2_i = 0 is the plain LAE; equal l2_i is uniform L2; distinct l2_i break the rotation symmetry
 * so that the minimum has the ordered principal directions as decoder columns.
 *
 * <p>The graph takes either a batch of examples ({@link #onData}) or, for exact full-batch training,
 * the data's second moment S = (1/N) X^T X ({@link #onSecondMoment}, {@link #secondMomentFeeds}): the reconstruction term is then
 * {@code tr(S) - 2 tr(U V S) + tr(U V S V^T U^T)}, which costs O(K D^2) per step instead of O(N K D).
 */
public final class LinearAutoencoder implements Model {
    public static final String INPUT = "x";
    public static final String SECOND_MOMENT = "second_moment";
    static final String ENCODER = "encoder/V";
    static final String DECODER = "decoder/U";

    private final SameDiff sd;
    private final String input;
    private final LossTerms loss;

    private LinearAutoencoder(int d, double[] l2, double initScale, Rng rng, DataType type, boolean secondMoment) {
        int k = l2.length;
        if (d < 1 || k < 1) {
            throw new IllegalArgumentException("need D >= 1 and K >= 1, got D=" + d + ", K=" + k);
        }
        if (!(initScale > 0) || Double.isInfinite(initScale)) {
            throw new IllegalArgumentException("init scale must be positive and finite, got " + initScale);
        }
        for (double l : l2) {
            if (!(l >= 0) || Double.isInfinite(l)) {
                throw new IllegalArgumentException("L2 weights must be finite and >= 0, got " + Arrays.toString(l2));
            }
        }
        sd = SameDiff.create();
        SDVariable v = sd.var(ENCODER, gaussian(rng, initScale, k, d, type));            // [K, D]
        SDVariable u = sd.var(DECODER, gaussian(rng, initScale, d, k, type));            // [D, K]
        SDVariable recon = secondMoment ? momentReconstruction(d, u, v, type) : dataReconstruction(d, u, v, type);
        SDVariable w2 = sd.constant("l2_squared", HostArrays.of(squares(l2), new long[] {k}, type));
        SDVariable penalty = u.mul(u).sum(0).add(v.mul(v).sum(1)).mul(w2).sum().rename(Term.PENALTY.name()); // []
        SDVariable total = recon.add(penalty).rename("objective");
        Map<Term, SDVariable> parts = new LinkedHashMap<>();
        parts.put(Term.RECONSTRUCTION, recon);
        parts.put(Term.PENALTY, penalty);
        loss = new LossTerms(total, parts);
        input = secondMoment ? SECOND_MOMENT : INPUT;
        sd.setLossVariables(total);
    }

    /** A linear AE trained on batches of centered examples [B, D]. */
    public static LinearAutoencoder onData(int d, double[] l2, double initScale, Rng rng, DataType type) {
        return new LinearAutoencoder(d, l2, initScale, rng, type, false);
    }

    /** A linear AE trained on the second moment S = (1/N) X^T X [D, D] of centered data (full batch). */
    public static LinearAutoencoder onSecondMoment(int d, double[] l2, double initScale, Rng rng, DataType type) {
        return new LinearAutoencoder(d, l2, initScale, rng, type, true);
    }

    /** (1/B) sum_b ||x_b - x_b V^T U^T||^2 for x [B, D]. */
    private SDVariable dataReconstruction(int d, SDVariable u, SDVariable v, DataType type) {
        SDVariable x = sd.placeHolder(INPUT, type, -1, d);                                // [B, D]
        SDVariable xTilde = sd.mmul(sd.mmul(x, v, false, true, false), u, false, true, false); // [B, D]
        SDVariable err = xTilde.sub(x);
        return err.mul(err).sum(1).mean().rename(Term.RECONSTRUCTION.name());
    }

    /** tr(S) - 2 tr(U P) + tr(Q U^T U) with P = V S [K, D], Q = P V^T [K, K]. */
    private SDVariable momentReconstruction(int d, SDVariable u, SDVariable v, DataType type) {
        SDVariable s = sd.placeHolder(SECOND_MOMENT, type, d, d);                          // [D, D]
        SDVariable traceS = s.mul(sd.constant(Nd4j.eye(d).castTo(type))).sum();            // []
        SDVariable p = v.mmul(s);                                                          // [K, D]
        SDVariable trUP = u.mul(sd.transpose(p)).sum();                                    // []
        SDVariable q = sd.mmul(p, v, false, true, false);                                  // [K, K]
        SDVariable utu = sd.mmul(u, u, true, false, false);                                // [K, K]
        return traceS.sub(trUP.mul(2.0)).add(q.mul(utu).sum()).rename(Term.RECONSTRUCTION.name());
    }

    /**
     * For the {@link org.ae4j.core.train.Trainer}: over row batches of centered examples ({@link #onData}) or over
     * {@link #secondMomentFeeds} ({@link #onSecondMoment}).
     */
    @Override
    public TrainGraph trainGraph() {
        return new TrainGraph(sd, input, loss, List.of());
    }

    /** Exact full-batch training feeds: S = (1/N) X^T X [D, D] at every step (only for {@link #onSecondMoment}). */
    public FullBatch secondMomentFeeds(INDArray secondMoment) {
        if (!SECOND_MOMENT.equals(input)) {
            throw new IllegalStateException("second-moment feeds need a model built with onSecondMoment");
        }
        return FullBatch.of(Map.of(SECOND_MOMENT, secondMoment));
    }

    /** A copy of the encoder V, [K, D]. */
    public INDArray encoder() {
        return sd.getVariable(ENCODER).getArr().dup();
    }

    /** A copy of the decoder U, [D, K]. */
    public INDArray decoder() {
        return sd.getVariable(DECODER).getArr().dup();
    }

    /** Replaces the weights, e.g. by an equivalent pair (U A^-1, A V). Shapes must match: U [D, K], V [K, D]. */
    public void setWeights(INDArray decoder, INDArray encoder) {
        INDArray u = sd.getVariable(DECODER).getArr();
        INDArray v = sd.getVariable(ENCODER).getArr();
        if (!Arrays.equals(u.shape(), decoder.shape()) || !Arrays.equals(v.shape(), encoder.shape())) {
            throw new IllegalArgumentException("weights must be U " + Arrays.toString(u.shape()) + " and V "
                    + Arrays.toString(v.shape()) + ", got " + Arrays.toString(decoder.shape()) + " and "
                    + Arrays.toString(encoder.shape()));
        }
        u.assign(decoder);
        v.assign(encoder);
    }

    /** Codes V x of centered examples x [N, D], as [N, K]. */
    public INDArray encode(INDArray x) {
        return x.mmul(sd.getVariable(ENCODER).getArr().transpose());
    }

    /** Reconstructions U z of codes z [N, K], as [N, D]. */
    public INDArray decode(INDArray z) {
        return z.mmul(sd.getVariable(DECODER).getArr().transpose());
    }

    /** Every loss term at the current weights, for the second moment S [D, D] (only for {@link #onSecondMoment}). */
    public Map<String, Double> evaluate(INDArray secondMoment) {
        return loss.values(sd.output(Map.of(SECOND_MOMENT, secondMoment), loss.variableNames()));
    }

    private static INDArray gaussian(Rng rng, double scale, int rows, int cols, DataType type) {
        double[] w = new double[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = scale * rng.nextGaussian();
        }
        return HostArrays.of(w, new long[] {rows, cols}, type);
    }

    private static double[] squares(double[] l2) {
        double[] s = new double[l2.length];
        for (int i = 0; i < l2.length; i++) {
            s[i] = l2[i] * l2[i];
        }
        return s;
    }
}
