package org.ae4j.core.runs;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.ae4j.core.engine.Backend;
import org.ae4j.core.engine.Engine;

/**
 * Provenance of a run, written as {@code manifest.json} next to its outputs.
 *
 * @param gitCommit the HEAD commit of the checkout the run's code is in (else its working directory), or "unknown"
 * @param gitDirty  whether that checkout had uncommitted changes to tracked files (then the commit alone does not
 *                  say what ran), or {@code null} where git could not tell
 * @param host      the machine's host name
 * @param cpu       the processor's model name (Linux: /proc/cpuinfo), or the architecture elsewhere
 * @param engine    the {@link Engine} that ran it, "host" or "portable"
 * @param floatGemm the library that computed float matrix products ({@link Engine#floatGemm()}): libraries round
 *                  differently, so a run repeats bit for bit only with the same engine, the same library and the
 *                  same thread count
 */
public record Manifest(String experiment, long seed, String startedAt, String gitCommit, Boolean gitDirty,
                       String nd4jBackend, String engine, String floatGemm, String javaVersion, String os, String host,
                       String cpu, int cores, int nativeThreads, List<String> arguments) {

    /** The manifest of a run starting now in this process. */
    public static Manifest now(String experiment, long seed, List<String> arguments) {
        Backend.configure();
        Optional<Path> checkout = codeCheckout().or(() -> checkout(Path.of("").toAbsolutePath()));
        return new Manifest(experiment, seed, Instant.now().toString(),
                checkout.flatMap(Manifest::head).orElse("unknown"), checkout.map(Manifest::dirty).orElse(null),
                Backend.describe(), Engine.current().name(), Engine.current().floatGemm(),
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), hostName(), cpuModel(),
                Runtime.getRuntime().availableProcessors(), Backend.threads(), List.copyOf(arguments));
    }

    /** HEAD's commit of the git checkout containing {@code dir}, read from .git without running git. */
    static Optional<String> gitCommit(Path dir) {
        return checkout(dir).flatMap(Manifest::head);
    }

    /** HEAD's commit of the checkout whose top is {@code root}. */
    private static Optional<String> head(Path root) {
        Path git = root.resolve(".git");
        return Files.isDirectory(git) ? resolveHead(git) : worktreeGitDir(git).flatMap(Manifest::resolveHead);
    }

    /** The top of the git checkout containing {@code dir} (a directory holding ".git", a worktree's file included). */
    static Optional<Path> checkout(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * The checkout holding ae4j's own classes (target/classes, or a jar copied under target/lib): what ran, wherever
     * the run was started from (a reproduction starts its runs in its output folder).
     */
    private static Optional<Path> codeCheckout() {
        try {
            return checkout(Path.of(Manifest.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) { // no code source (a custom class loader): the commit stays unknown
            return Optional.empty();
        }
    }

    /** Whether tracked files differ from HEAD, by {@code git status}; null when git is missing or fails. */
    static Boolean dirty(Path checkout) {
        try {
            Process p = new ProcessBuilder("git", "-C", checkout.toString(), "status", "--porcelain",
                    "--untracked-files=no").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return !out.isBlank();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown");
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture is what is known
        }
        return System.getProperty("os.arch");
    }

    /** The directory a worktree's {@code .git} file points to ("gitdir: PATH"). */
    private static Optional<Path> worktreeGitDir(Path gitFile) {
        try {
            String line = Files.readString(gitFile, StandardCharsets.UTF_8).trim();
            return line.startsWith("gitdir: ")
                    ? Optional.of(gitFile.getParent().resolve(line.substring("gitdir: ".length()).trim()))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> resolveHead(Path git) {
        try {
            String head = Files.readString(git.resolve("HEAD"), StandardCharsets.UTF_8).trim();
            if (!head.startsWith("ref: ")) {
                return Optional.of(head);
            }
            String ref = head.substring(5).trim();
            Path loose = git.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return Optional.of(Files.readString(loose, StandardCharsets.UTF_8).trim());
            }
            Path packed = git.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                    if (line.endsWith(" " + ref)) {
                        return Optional.of(line.substring(0, line.indexOf(' ')));
                    }
                }
            }
        } catch (IOException ignored) {
            // an unreadable .git means the commit is unknown; the run itself is unaffected
        }
        return Optional.empty();
    }
}
