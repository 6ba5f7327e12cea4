package org.ae4j.experiments.bench;

import java.util.Arrays;
import org.ae4j.core.data.DataDir;
import org.ae4j.core.data.Rng;
import org.ae4j.core.run.Backend;
import org.ae4j.graph.EdgeSplit;
import org.ae4j.graph.Graph;
import org.ae4j.graph.GraphAutoencoder;
import org.ae4j.graph.GraphAutoencoder.Spec;
import org.ae4j.graph.Linqs;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times one full-batch training epoch (forward, backward, Adam) of the paper's GAE or VGAE on a LINQS graph
 * with its 85% training edges: 10 warm-up epochs, then {@code epochs} epochs timed one by one. Prints one
 * line of JSON: {@code seconds_per_epoch} (the median), {@code ms_per_iter_median}, {@code ms_per_iter_p90},
 * {@code heap_mb}, {@code offheap_mb} (JavaCPP's physical bytes, the process's resident memory).
 * A PyTorch implementation of the same VGAE took about 0.10 s per Cora epoch on the 2-vCPU machine we use.
 *
 * <p>Arguments: {@code [cora|citeseer] [gae|vgae] [epochs]}, default {@code cora vgae 50}.
 */
public final class GaeBenchmark {
    private GaeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Backend.configure();
        String dataset = args.length > 0 ? args[0] : "cora";
        boolean variational = !(args.length > 1 && args[1].equals("gae"));
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Graph graph = Linqs.load(DataDir.resolve(), dataset);
        EdgeSplit split = EdgeSplit.of(graph, 0.05, 0.10, Rng.seeded(1, "split"));
        GraphAutoencoder model = new GraphAutoencoder(variational ? Spec.vgae() : Spec.gae(),
                graph.withEdges(split.train()), Rng.seeded(1, "init"), DataType.FLOAT);
        Rng noise = Rng.seeded(1, "noise");
        model.fit(10, 0.01, noise);
        double[] ms = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            long start = System.nanoTime();
            model.fit(1, 0.01, noise); // a fresh Adam each call does not change the work of a step
            ms[e] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        double median = ms[epochs / 2];
        double p90 = ms[(int) Math.min(epochs - 1, Math.ceil(0.9 * epochs) - 1)];
        Runtime rt = Runtime.getRuntime();
        System.out.printf("{\"workload\": \"%s-%s\", \"backend\": \"%s\", \"threads\": %d, \"epochs\": %d, "
                        + "\"seconds_per_epoch\": %.4f, \"ms_per_iter_median\": %.1f, \"ms_per_iter_p90\": %.1f, "
                        + "\"heap_mb\": %d, \"offheap_mb\": %d}%n",
                variational ? "vgae" : "gae", dataset, Backend.describe(), Nd4j.getEnvironment().maxThreads(), epochs,
                median / 1000, median, p90, (rt.totalMemory() - rt.freeMemory()) >> 20, Pointer.physicalBytes() >> 20);
    }
}
