package org.ae4j.core.data.formats;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ae4j.core.data.sets.Mnist;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the datasets live. Candidate directories, in order of precedence:
 * <ol>
 *   <li>the explicit directory, e.g. from a {@code --data-dir} flag;</li>
 *   <li>the {@code AE4J_DATA} environment variable;</li>
 *   <li>{@code ~/.ae4j/data};</li>
 *   <li>{@code ../shared/datasets} relative to the working directory;</li>
 *   <li>{@code ../shared/datasets} relative to the project root, the first folder holding both
 *       {@code pom.xml} and {@code core/} when walking up from the working directory, then from where
 *       this class was loaded (so running from {@code core/} or a jar still finds it).</li>
 * </ol>
 * A candidate counts only if it is an existing directory. Files are looked up in every such directory
 * in order, so different datasets may come from different places. A known file (MNIST) that is missing
 * everywhere is downloaded, checked against its SHA-256 and moved atomically into the first writable
 * candidate ({@code ~/.ae4j/data} by default).
 */
public final class DataDir {
    /** Environment variable naming a data directory. */
    public static final String ENV = "AE4J_DATA";

    private static final Logger LOG = LoggerFactory.getLogger(DataDir.class);

    /**
     * A file with a canonical download location.
     *
     * @param relativePath  path under a data directory, e.g. {@code mnist/train-images-idx3-ubyte.gz}
     * @param url           where to fetch it
     * @param contentSha256 SHA-256 of the content, decompressed if gzip: mirrors re-compress, so the
     *                      .gz bytes may differ while the content may not
     */
    public record Source(String relativePath, URI url, String contentSha256) {
        public Source {
            checkRelative(relativePath);
            if (url == null || contentSha256 == null || !contentSha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("source for " + relativePath
                        + " needs a URL and a lowercase hex SHA-256");
            }
        }
    }

    /**
     * One place searched.
     *
     * @param dir    absolute, normalized
     * @param origin why it is searched, for messages (e.g. "AE4J_DATA")
     */
    public record Candidate(Path dir, String origin) {
        public boolean exists() {
            return Files.isDirectory(dir);
        }
    }

    /** Files this class knows how to fetch: MNIST from the PyTorch (ossci) mirror. */
    public static final Map<String, Source> KNOWN_SOURCES = mnistSources();

    private final List<Candidate> candidates;
    private final Map<String, Source> sources;
    private final Downloader downloader;

    DataDir(List<Candidate> candidates, Map<String, Source> sources, Downloader downloader) {
        this.candidates = List.copyOf(candidates);
        this.sources = Map.copyOf(sources);
        this.downloader = downloader;
    }

    /** Resolves from the real environment, home and working directory. */
    public static DataDir resolve(Path explicitDir) {
        return resolve(explicitDir, System.getenv(), Path.of(System.getProperty("user.home")),
                Path.of(System.getProperty("user.dir")), codeLocation());
    }

    /** Resolves with no explicit directory. */
    public static DataDir resolve() {
        return resolve(null);
    }

    /** Testable core of {@link #resolve(Path)}: every input injected; any may be null but cwd. */
    static DataDir resolve(Path explicitDir, Map<String, String> env, Path home, Path cwd, Path codeLocation) {
        Path base = cwd.toAbsolutePath().normalize();
        Map<Path, Candidate> found = new LinkedHashMap<>(); // keeps order; the first origin wins
        if (explicitDir != null) {
            add(found, base.resolve(explicitDir), "--data-dir");
        }
        String fromEnv = env == null ? null : env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            add(found, base.resolve(fromEnv.trim()), ENV);
        }
        if (home != null) {
            add(found, home.resolve(".ae4j").resolve("data"), "~/.ae4j/data");
        }
        add(found, base.resolve("../shared/datasets"), "../shared/datasets from the working directory");
        projectRoot(base).ifPresent(root -> add(found, root.resolve("../shared/datasets"),
                "../shared/datasets from project root " + root));
        if (codeLocation != null) {
            projectRoot(codeLocation.toAbsolutePath().normalize()).ifPresent(root -> add(found,
                    root.resolve("../shared/datasets"), "../shared/datasets from project root " + root));
        }
        return new DataDir(new ArrayList<>(found.values()), KNOWN_SOURCES, Downloader.http());
    }

    /** The same search, fetching with {@code downloader} instead. */
    public DataDir withDownloader(Downloader downloader) {
        return new DataDir(candidates, sources, downloader);
    }

    /** Every candidate in order of precedence, existing or not. */
    public List<Candidate> candidates() {
        return candidates;
    }

    /** The candidates that are existing directories, in order. */
    public List<Path> existing() {
        return candidates.stream().filter(Candidate::exists).map(Candidate::dir).toList();
    }

    /** The first existing candidate. */
    public Path root() {
        List<Path> dirs = existing();
        if (dirs.isEmpty()) {
            throw new MissingDataException("No data directory found. Searched:\n" + searched() + hint("the datasets"));
        }
        return dirs.get(0);
    }

    /** {@code relativePath} in the first existing candidate that holds it as a regular file. */
    public Optional<Path> find(String relativePath) {
        checkRelative(relativePath);
        for (Path dir : existing()) {
            Path p = dir.resolve(relativePath);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code relativePath} from {@link #find}, or else downloaded from its known source.
     *
     * @throws MissingDataException naming the file, every directory searched and how to supply it
     */
    public Path require(String relativePath) {
        Optional<Path> local = find(relativePath);
        if (local.isPresent()) {
            return local.get();
        }
        Source source = sources.get(relativePath);
        if (source == null) {
            throw missing(relativePath, "No download source is known for this file, so it must be put in place "
                    + "by hand (see the datasets README).", null);
        }
        Optional<Path> target = writableDir();
        if (target.isEmpty()) {
            throw missing(relativePath, "It has a download source (" + source.url()
                    + ") but no candidate directory is writable.", null);
        }
        Path file = target.get().resolve(relativePath);
        try {
            LOG.info("Downloading {} from {} to {}", relativePath, source.url(), file);
            download(source, file);
            return file;
        } catch (IOException | RuntimeException e) {
            throw missing(relativePath, "Downloading it from " + source.url() + " into " + target.get()
                    + " failed: " + describe(e), e);
        }
    }

    /**
     * Fetch to a temp file beside the target, verify, then rename, so no half file is ever visible.
     * On failure, folders created for it are removed again if still empty.
     */
    private void download(Source source, Path file) throws IOException {
        Path existing = file.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        Files.createDirectories(file.getParent());
        boolean done = false;
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        try {
            downloader.download(source.url(), tmp);
            Sha256.verifyContent(tmp, source.contentSha256());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            Files.deleteIfExists(tmp);
            for (Path p = file.getParent(); !done && p != null && !p.equals(existing); p = p.getParent()) {
                if (!deleteIfEmpty(p)) {
                    break;
                }
            }
        }
    }

    private static boolean deleteIfEmpty(Path dir) {
        try {
            Files.delete(dir);
            return true;
        } catch (IOException e) {
            return false; // not empty or not ours to remove: leave it
        }
    }

    /** The exception and its causes in one line; network errors often carry no message of their own. */
    private static String describe(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            s.append(s.length() == 0 ? "" : ", caused by ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                s.append(": ").append(t.getMessage());
            }
        }
        return s.toString();
    }

    /** The first candidate that is a writable directory or could be created as one. */
    Optional<Path> writableDir() {
        for (Candidate c : candidates) {
            Path p = c.dir();
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            if (p != null && Files.isDirectory(p) && Files.isWritable(p)) {
                return Optional.of(c.dir());
            }
        }
        return Optional.empty();
    }

    private MissingDataException missing(String relativePath, String why, Throwable cause) {
        String message = "Missing data file '" + relativePath + "'. Searched these data directories, in order:\n"
                + searched() + why + "\n" + hint(relativePath);
        return new MissingDataException(message, cause);
    }

    private String searched() {
        StringBuilder s = new StringBuilder();
        for (Candidate c : candidates) {
            s.append("  ").append(c.dir()).append("  (").append(c.origin())
                    .append(c.exists() ? "" : ", does not exist").append(")\n");
        }
        return s.toString();
    }

    private String hint(String what) {
        Path suggested = writableDir().orElse(candidates.isEmpty() ? Path.of("~/.ae4j/data") : candidates.get(0).dir());
        return "Put " + what + " under " + suggested + ", or point --data-dir or the " + ENV
                + " environment variable at a folder that contains " + what + ".";
    }

    /** The first folder at or above {@code start} holding both pom.xml and core/. */
    static Optional<Path> projectRoot(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("core"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static void add(Map<Path, Candidate> found, Path dir, String origin) {
        Path norm = dir.toAbsolutePath().normalize();
        found.putIfAbsent(norm, new Candidate(norm, origin));
    }

    /** Where this class was loaded from (classes folder or jar), or null if unknown. */
    private static Path codeLocation() {
        try {
            CodeSource cs = DataDir.class.getProtectionDomain().getCodeSource();
            return cs == null ? null : Path.of(cs.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null; // unusual class loaders: fall back to the other candidates
        }
    }

    private static void checkRelative(String relativePath) {
        if (relativePath == null || relativePath.isBlank() || relativePath.startsWith("/")
                || relativePath.contains("\\") || relativePath.matches("^[A-Za-z]:.*")
                || List.of(relativePath.split("/")).contains("..")) {
            throw new IllegalArgumentException("data file path must be relative and stay inside the data "
                    + "directory, got '" + relativePath + "'");
        }
    }

    private static Map<String, Source> mnistSources() {
        // Content hashes from the datasets README (uncompressed IDX); the mirror serves the original files.
        String[][] files = {
            {"train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"},
            {"train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"},
            {"t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"},
            {"t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"},
        };
        Map<String, Source> m = new LinkedHashMap<>();
        for (String[] f : files) {
            String rel = Mnist.FOLDER + "/" + f[0] + ".gz";
            m.put(rel, new Source(rel, URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/" + f[0] + ".gz"), f[1]));
        }
        return Map.copyOf(m);
    }
}
