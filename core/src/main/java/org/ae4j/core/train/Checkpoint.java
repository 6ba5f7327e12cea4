package org.ae4j.core.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.ae4j.core.optim.AdamOptimizer;
import org.ae4j.core.random.Rng;
import org.ae4j.core.runs.Json;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training state at the end of an epoch: parameters, Adam moments, counters, the root RNG state and
 * the history so far. Stored as one zip ({@code state.json}, {@code params/<name>}, {@code adam/<name>}
 * in ND4J's exact binary array format) written to a temp file and renamed, so a kill at any moment
 * leaves the previous checkpoint whole. The {@link Trainer} and training loops of their own (e.g. the graph
 * VAE's) {@link #capture} one after each epoch and {@link #restore} it to resume exactly.
 */
public record Checkpoint(State state, Map<String, INDArray> params, Map<String, INDArray> adam) {
    /** The scalar part, stored as JSON: the last completed epoch, Adam's step count, the RNG, the history. */
    public record State(int epoch, long iteration, long[] rngState, History history) {
    }

    /**
     * The state after {@code epoch}: the current values of {@code parameters} in {@code sd} and Adam's moments
     * (both referenced, not copied: write it before the next step).
     */
    public static Checkpoint capture(int epoch, SameDiff sd, List<String> parameters, AdamOptimizer adam, Rng rng,
                                     History history) {
        Map<String, INDArray> values = new LinkedHashMap<>();
        parameters.forEach(p -> values.put(p, sd.getVariable(p).getArr()));
        return new Checkpoint(new State(epoch, adam.iteration(), rng.state(), history), values, adam.state());
    }

    /**
     * Puts the saved parameters into {@code sd} and the moments and step count into {@code adam}, after checking
     * that they are the same parameters with the same shapes. The RNG and history are in {@link #state()}.
     */
    public void restore(SameDiff sd, List<String> parameters, AdamOptimizer adam) {
        checkMatches(parameters, name -> sd.getVariable(name).getArr());
        params.forEach((name, value) -> sd.getVariable(name).getArr().assign(value));
        adam.restore(adam(), state.iteration());
    }

    private static final String STATE = "state.json";
    private static final String PARAMS = "params/";
    private static final String ADAM = "adam/";

    /** Writes the checkpoint atomically (temp file, then rename). */
    public void write(Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(STATE));
                zip.write(Json.MAPPER.writeValueAsBytes(state));
                zip.closeEntry();
                writeArrays(zip, PARAMS, params);
                writeArrays(zip, ADAM, adam);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /** Reads a checkpoint, failing with the file's name when it is unreadable or corrupt. */
    public static Checkpoint read(Path file) {
        State state = null;
        Map<String, INDArray> params = new LinkedHashMap<>();
        Map<String, INDArray> adam = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName();
                if (name.equals(STATE)) {
                    state = Json.MAPPER.readValue(zip.readAllBytes(), State.class);
                } else if (name.startsWith(PARAMS)) {
                    params.put(name.substring(PARAMS.length()), readArray(zip));
                } else if (name.startsWith(ADAM)) {
                    adam.put(name.substring(ADAM.length()), readArray(zip));
                } else {
                    throw new IOException("unexpected entry '" + name + "'");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("checkpoint " + file + " is unreadable or corrupt: " + e.getMessage(), e);
        }
        if (state == null) {
            throw new IllegalStateException("checkpoint " + file + " has no " + STATE);
        }
        return new Checkpoint(state, params, adam);
    }

    private static void writeArrays(ZipOutputStream zip, String prefix, Map<String, INDArray> arrays) throws IOException {
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            zip.putNextEntry(new ZipEntry(prefix + e.getKey()));
            DataOutputStream out = new DataOutputStream(zip);
            Nd4j.write(e.getValue(), out);
            out.flush();
            zip.closeEntry();
        }
    }

    private static INDArray readArray(ZipInputStream zip) {
        return Nd4j.read(new DataInputStream(zip));
    }

    /** Checks that the saved parameters are exactly the model's, by name and shape. */
    void checkMatches(List<String> parameterNames, Function<String, INDArray> current) {
        if (!params.keySet().equals(new LinkedHashSet<>(parameterNames))) {
            throw new IllegalStateException("checkpoint has parameters " + params.keySet()
                    + " but the model has " + parameterNames + ": was it written by another configuration?");
        }
        for (String name : parameterNames) {
            long[] want = current.apply(name).shape();
            long[] got = params.get(name).shape();
            if (!Arrays.equals(want, got)) {
                throw new IllegalStateException("checkpoint parameter '" + name + "' has shape "
                        + Arrays.toString(got) + " but the model's is " + Arrays.toString(want));
            }
        }
    }
}
