package org.ae4j.graph;

import static org.ae4j.graph.SeededArrays.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ae4j.core.engine.Engine;
import org.ae4j.core.engine.EngineComparison;
import org.ae4j.core.loss.FusibleTerm;
import org.ae4j.core.optim.AdamOptimizer;
import org.ae4j.core.prob.Bernoulli;
import org.ae4j.core.random.Rng;
import org.ae4j.graph.data.Graph;
import org.ae4j.graph.data.GraphFamilies;
import org.ae4j.graph.data.SmallGraph;
import org.ae4j.graph.model.GraphAutoencoder.Spec;
import org.ae4j.graph.model.GraphAutoencoder;
import org.ae4j.graph.model.GraphVae;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The host and portable engines agree on the graph models: every GAE/VGAE decoder variant (the host engine fuses
 * the adjacency cross-entropy in FLOAT) and GraphVAE's bound, in gradients and in the parameters after 50 Adam
 * steps; relative L2 within 1e-3 in FLOAT and 1e-8 in DOUBLE.
 */
class GraphEngineParityTest {

    private static Graph graph() {
        Rng rng = Rng.seeded(5);
        List<int[]> edges = new ArrayList<>();
        for (int a = 0; a < 30; a++) {
            for (int b = a + 1; b < 30; b++) {
                if (rng.nextDouble() < ((a < 15) == (b < 15) ? 0.3 : 0.03)) {
                    edges.add(new int[] {a, b});
                }
            }
        }
        INDArray features = Nd4j.createFromArray(gaussian(6, 30, 5).gt(0).castTo(DataType.DOUBLE)
                .toDoubleMatrix()).castTo(DataType.FLOAT);
        return new Graph(30, edges.toArray(int[][]::new), features, null);
    }

    static Stream<Arguments> variants() {
        List<Arguments> all = new ArrayList<>();
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (boolean variational : new boolean[] {false, true}) {
                Spec plain = new Spec(8, 4, variational, List.of(), null);
                all.add(Arguments.of(plain, type));
                all.add(Arguments.of(plain.withEdgeMlp(List.of(6, 4)), type));
                all.add(Arguments.of(plain.withFeatureDecoder(new Bernoulli()), type));
            }
        }
        return all.stream();
    }

    private static double tolerance(DataType type) {
        return type == DataType.FLOAT ? 1e-3 : 1e-8;
    }

    private static Map<String, INDArray> feed(GraphAutoencoder m, long seed, DataType type) {
        Map<String, INDArray> feed = new HashMap<>(m.inputs());
        if (m.encoder().variational()) {
            feed.put(GraphAutoencoder.EPSILON, gaussian(seed, 30, m.encoder().latent()).castTo(type));
        }
        return feed;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void graphAutoencodersGetTheSameGradientsAndParametersOnBothEngines(Spec spec, DataType type) {
        GraphAutoencoder a = new GraphAutoencoder(spec, graph(), Rng.seeded(7), type);
        GraphAutoencoder b = new GraphAutoencoder(spec, graph(), Rng.seeded(7), type);
        String loss = a.loss().total().name();
        assertGradientsAgree(a.sameDiff(), feed(a, 1, type), List.of(loss), a.parameters(), a.fusibleTerms(), type);
        AdamOptimizer host = new AdamOptimizer(a.sameDiff(), a.parameters(), 0.01, a.fusibleTerms(),
                Engine.named(Engine.HOST));
        AdamOptimizer portable = new AdamOptimizer(b.sameDiff(), b.parameters(), 0.01, b.fusibleTerms(),
                Engine.named(Engine.PORTABLE));
        for (int step = 0; step < 50; step++) {
            Map<String, INDArray> feed = feed(a, 100 + step, type);
            double want = portable.minimize(feed, loss);
            assertEquals(want, host.minimize(feed, loss), tolerance(type) * Math.abs(want), "loss at step " + step);
        }
        for (String p : a.parameters()) {
            assertClose(b.sameDiff().getVariable(p).getArr(), a.sameDiff().getVariable(p).getArr(), tolerance(type),
                    p + " after 50 steps");
        }
    }

    @Test
    void graphVaeGetsTheSameGradientsAndParametersOnBothEnginesInBothTypes() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            GraphVae.Spec spec = new GraphVae.Spec(5, 2, 2, List.of(6, 4), 3, List.of(8), 1);
            GraphVae a = new GraphVae(spec, Rng.seeded(1), type);
            GraphVae b = new GraphVae(spec, Rng.seeded(1), type);
            List<SmallGraph> rows = List.of(GraphFamilies.path(4), GraphFamilies.cycle(5), GraphFamilies.path(3));
            String loss = a.loss().total().name();
            assertGradientsAgree(a.sameDiff(), a.inputs(rows, gaussian(3, 3, 3).castTo(type)), List.of(loss),
                    a.parameters(), List.of(), type);
            AdamOptimizer host = new AdamOptimizer(a.sameDiff(), a.parameters(), 0.01, List.of(),
                    Engine.named(Engine.HOST));
            AdamOptimizer portable = new AdamOptimizer(b.sameDiff(), b.parameters(), 0.01, List.of(),
                    Engine.named(Engine.PORTABLE));
            for (int step = 0; step < 50; step++) {
                Map<String, INDArray> feed = a.inputs(rows, gaussian(200 + step, 3, 3).castTo(type));
                double want = portable.minimize(feed, loss);
                assertEquals(want, host.minimize(feed, loss), tolerance(type) * Math.abs(want),
                        type + " bound at step " + step);
            }
            for (String p : a.parameters()) {
                assertClose(b.sameDiff().getVariable(p).getArr(), a.sameDiff().getVariable(p).getArr(),
                        tolerance(type), type + " " + p + " after 50 steps");
            }
        }
    }

    private static void assertGradientsAgree(SameDiff sd, Map<String, INDArray> feed, List<String> outputs,
                                             List<String> params, List<FusibleTerm> terms, DataType type) {
        EngineComparison.gradients(Engine.named(Engine.HOST), Engine.named(Engine.PORTABLE), sd, feed, outputs, params,
                        terms)
                .forEach((what, difference) -> assertTrue(difference <= tolerance(type),
                        what + ": relative L2 difference " + difference));
    }

    private static void assertClose(INDArray want, INDArray got, double tolerance, String what) {
        double difference = EngineComparison.relativeL2(want, got);
        assertTrue(difference <= tolerance, what + ": relative L2 difference " + difference);
    }
}
