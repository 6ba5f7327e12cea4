package org.ae4j.core.runs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ae4j.core.engine.Backend;
import org.ae4j.core.engine.Engine;

/**
 * Provenance of a run, written as {@code manifest.json} next to its outputs.
 *
 * @param gitCommit the checkout's HEAD commit, or "unknown" outside a git checkout
 * @param engine    the {@link Engine} that ran it, "host" or "portable"
 * @param floatGemm the library that computed float matrix products ({@link Engine#floatGemm()}): libraries round
 *                  differently, so a run repeats bit for bit only with the same engine, the same library and the
 *                  same thread count
 */
public record Manifest(String experiment, long seed, String startedAt, String gitCommit, String nd4jBackend,
                       String engine, String floatGemm, String javaVersion, String os, int cores, int nativeThreads,
                       List<String> arguments) {

    /** The manifest of a run starting now in this process. */
    public static Manifest now(String experiment, long seed, List<String> arguments) {
        Backend.configure();
        return new Manifest(experiment, seed, Instant.now().toString(),
                gitCommit(Path.of("").toAbsolutePath()).orElse("unknown"), Backend.describe(), Engine.current().name(),
                Engine.current().floatGemm(),
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                Backend.threads(), List.copyOf(arguments));
    }

    /** HEAD's commit of the git checkout containing {@code dir}, read from .git without running git. */
    static Optional<String> gitCommit(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            Path git = d.resolve(".git");
            if (Files.isDirectory(git)) {
                return resolveHead(git);
            }
            if (Files.isRegularFile(git)) { // a worktree: ".git" names its git directory
                return worktreeGitDir(git).flatMap(Manifest::resolveHead);
            }
        }
        return Optional.empty();
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
