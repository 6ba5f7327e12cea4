package org.ae4j.notebooks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ae4j.core.runs.Json;

/**
 * Writes the Jupyter kernel spec {@code <jupyterPath>/kernels/ae4j/kernel.json} that starts {@link Ae4jKernel}
 * with this JVM's class path, so that Jupyter finds the kernel with {@code JUPYTER_PATH=<jupyterPath>}
 * ({@code scripts/jupyter} does this). One OpenMP thread with passive waiting, as {@code scripts/ae4j}.
 */
public final class KernelSpec {
    private KernelSpec() {
    }

    /** Writes the spec and returns its path. */
    public static Path write(Path jupyterPath, String classPath, List<String> jvmOptions) throws IOException {
        Path dir = Files.createDirectories(jupyterPath.resolve("kernels").resolve(Walkthrough.KERNEL));
        ObjectNode spec = Json.MAPPER.createObjectNode();
        ArrayNode argv = spec.putArray("argv");
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        jvmOptions.forEach(argv::add);
        argv.add("-cp").add(classPath).add(Ae4jKernel.class.getName()).add("{connection_file}");
        spec.put("display_name", "Java (ae4j)").put("language", "java").put("interrupt_mode", "message");
        spec.putObject("env").put("OMP_NUM_THREADS", System.getenv().getOrDefault("OMP_NUM_THREADS", "1"))
                .put("OMP_WAIT_POLICY", System.getenv().getOrDefault("OMP_WAIT_POLICY", "PASSIVE"));
        Path file = dir.resolve("kernel.json");
        Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(spec), StandardCharsets.UTF_8);
        return file;
    }

    /** {@code KernelSpec JUPYTER_PATH [JVM_OPTION...]}: the spec for this JVM's class path. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: KernelSpec JUPYTER_PATH [JVM_OPTION...]");
        }
        String classPath = System.getProperty("java.class.path");
        if (classPath.isBlank() || !classPath.contains(File.pathSeparator)) {
            throw new IllegalStateException("run KernelSpec with the full class path (-cp), got '" + classPath + "'");
        }
        System.out.println(write(Path.of(args[0]), classPath, List.of(args).subList(1, args.length)));
    }
}
