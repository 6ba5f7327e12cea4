package org.ae4j.core.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The directory of one run, {@code <out>/<experiment>/<yyyyMMdd-HHmmss>-seed<S>/}, holding
 * {@code config.json}, {@code manifest.json}, {@code metrics.csv}, {@code timing.csv}, {@code metrics.json},
 * {@code figures/*.png} and {@code checkpoints/}. Everything but {@code manifest.json} and {@code timing.csv} is
 * the same, byte for byte, for the same seed, settings and thread count.
 */
public final class RunDir {
    public static final String CONFIG = "config.json";
    public static final String MANIFEST = "manifest.json";
    public static final String METRICS_CSV = "metrics.csv";
    public static final String METRICS_JSON = "metrics.json";
    public static final String TIMING_CSV = "timing.csv";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path path;

    private RunDir(Path path) {
        this.path = path;
    }

    /** Creates a new, empty run directory; never reuses an existing one. */
    public static RunDir create(Path out, String experiment, long seed, LocalDateTime now) {
        Path parent = out.resolve(experiment);
        String base = STAMP.format(now) + "-seed" + seed;
        try {
            Files.createDirectories(parent);
            for (int i = 1; ; i++) {
                Path candidate = parent.resolve(i == 1 ? base : base + "-" + i);
                try {
                    Files.createDirectory(candidate);
                    RunDir dir = new RunDir(candidate);
                    Files.createDirectories(dir.figures());
                    Files.createDirectories(dir.checkpoint().getParent());
                    return dir;
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    // another run started in the same second: take the next suffix
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run directory under " + parent, e);
        }
    }

    /**
     * An existing run directory, for --resume; it must hold a config.json. Its figures folder is made again if it is
     * missing, as it is in a run kept in git (which keeps no empty folder).
     */
    public static RunDir open(Path existing) {
        if (!Files.isRegularFile(existing.resolve(CONFIG))) {
            throw new IllegalArgumentException(existing + " is not a run directory: it has no " + CONFIG);
        }
        RunDir dir = new RunDir(existing);
        try {
            Files.createDirectories(dir.figures());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir.figures(), e);
        }
        return dir;
    }

    public Path path() {
        return path;
    }

    public Path figures() {
        return path.resolve("figures");
    }

    /** The figure file {@code figures/<name>.png}. */
    public Path figure(String name) {
        return figures().resolve(name + ".png");
    }

    /**
     * The directory {@code models/<name>/} of one of several models this run trains, with its own
     * checkpoint and {@code metrics.csv}, so that {@code --resume} skips the models already done.
     *
     * @param name letters, digits, '.', '_' or '-'
     */
    public RunDir model(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("a model directory name needs letters, digits, '.', '_' or '-', got "
                    + name);
        }
        RunDir dir = new RunDir(path.resolve("models").resolve(name));
        try {
            Files.createDirectories(dir.checkpoint().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir.path(), e);
        }
        return dir;
    }

    /**
     * Claims this directory for the calling process, so that several processes resuming the same run share its models
     * instead of training one twice: an exclusive lock on {@code claim.lock}, held until the claim is closed or the
     * process ends (also when it is killed). Empty when another process holds it.
     */
    public Optional<Claim> tryClaim() {
        try {
            FileChannel channel = FileChannel.open(path.resolve("claim.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new Claim(channel));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + path.resolve("claim.lock"), e);
        }
    }

    /** A held {@link #tryClaim()}; closing it releases the lock. */
    public static final class Claim implements AutoCloseable {
        private final FileChannel channel;

        private Claim(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release a run directory's lock", e);
            }
        }
    }

    /** A file at the top of the run directory, e.g. a results table. */
    public Path file(String name) {
        return path.resolve(name);
    }

    /** The checkpoint of the last completed epoch. */
    public Path checkpoint() {
        return path.resolve("checkpoints").resolve("last.zip");
    }

    public void writeConfig(Object config) {
        Json.write(path.resolve(CONFIG), config);
    }

    public void writeManifest(Manifest manifest) {
        Json.write(path.resolve(MANIFEST), manifest);
    }

    /** One row per epoch, written by the trainer. */
    public Path metricsCsv() {
        return path.resolve(METRICS_CSV);
    }

    /** Each epoch's wall time, written by the trainer beside {@link #metricsCsv()}. */
    public Path timingCsv() {
        return path.resolve(TIMING_CSV);
    }

    /**
     * Writes the final scalar results as a flat {@code {"name": number}} object.
     *
     * @throws IllegalArgumentException naming the metric when a value is NaN or infinite (JSON cannot hold it)
     */
    public void writeMetrics(Map<String, Double> metrics) {
        Map<String, Double> copy = new LinkedHashMap<>();
        metrics.forEach((name, value) -> {
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("metric '" + name + "' is " + value + ", not a finite number");
            }
            copy.put(name, value);
        });
        Json.write(path.resolve(METRICS_JSON), copy);
    }
}
