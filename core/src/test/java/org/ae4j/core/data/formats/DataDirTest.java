package org.ae4j.core.data.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.ae4j.core.data.sets.Mnist;
import org.ae4j.core.data.Split;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {
    @TempDir
    Path tmp;

    Path explicit;
    Path env;
    Path home;
    Path homeData;
    Path cwd;
    Path cwdShared;
    Path rootShared;
    Path codeShared;
    Path codeLocation;

    @BeforeEach
    void layout() throws IOException {
        // tmp/ws/main is a project (pom.xml + core/); the tests run in its core/ module, as Surefire does.
        Path project = tmp.resolve("ws/main");
        Files.createDirectories(project.resolve("core"));
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        cwd = project.resolve("core");
        cwdShared = dir(cwd.resolve("../shared/datasets"));
        rootShared = dir(tmp.resolve("ws/shared/datasets"));
        explicit = dir(tmp.resolve("explicit"));
        env = dir(tmp.resolve("env"));
        home = dir(tmp.resolve("home"));
        homeData = dir(home.resolve(".ae4j/data"));
        // A second project holding the code (e.g. the jar), with its own shared folder.
        Path other = tmp.resolve("other/proj");
        Files.createDirectories(other.resolve("core/target/classes"));
        Files.writeString(other.resolve("pom.xml"), "<project/>");
        codeLocation = other.resolve("core/target/classes");
        codeShared = dir(tmp.resolve("other/shared/datasets"));
    }

    private static Path dir(Path p) throws IOException {
        return Files.createDirectories(p.normalize());
    }

    private DataDir all() {
        return DataDir.resolve(explicit, Map.of(DataDir.ENV, env.toString()), home, cwd, codeLocation);
    }

    private static void put(Path dir, String rel, String content) throws IOException {
        TestFiles.write(dir.resolve(rel), TestFiles.ascii(content));
    }

    @Test
    void candidateOrder() {
        List<Path> dirs = all().candidates().stream().map(DataDir.Candidate::dir).toList();
        assertEquals(List.of(explicit, env, homeData, cwdShared, rootShared, codeShared), dirs);
        assertEquals(dirs, all().existing());
        assertEquals(explicit, all().root());
        assertEquals("AE4J_DATA", all().candidates().get(1).origin());
    }

    @Test
    void precedenceFlagEnvHomeCwdRoot() throws IOException {
        String rel = "mnist/f.txt";
        Path[] order = {explicit, env, homeData, cwdShared, rootShared, codeShared};
        for (Path p : order) {
            put(p, rel, p.toString());
        }
        for (Path expected : order) {
            assertEquals(Optional.of(expected.resolve(rel)), all().find(rel));
            Files.delete(expected.resolve(rel)); // the next one down takes over
        }
        assertEquals(Optional.empty(), all().find(rel));
    }

    @Test
    void everyDirectoryIsSearchedForEachFile() throws IOException {
        put(rootShared, "cbcl-faces/a.tar.gz", "x");
        put(homeData, "mnist/b.gz", "y");
        assertEquals(rootShared.resolve("cbcl-faces/a.tar.gz"), all().require("cbcl-faces/a.tar.gz"));
        assertEquals(homeData.resolve("mnist/b.gz"), all().require("mnist/b.gz"));
    }

    @Test
    void absentInputsAreSkippedAndMissingDirsDoNotCount() throws IOException {
        Files.delete(homeData);
        DataDir d = DataDir.resolve(null, Map.of(DataDir.ENV, " "), home, cwd, null);
        assertEquals(List.of(homeData, cwdShared, rootShared), d.candidates().stream().map(DataDir.Candidate::dir).toList());
        assertEquals(List.of(cwdShared, rootShared), d.existing());
    }

    @Test
    void projectRootFoundFromModuleDirAndDeduplicated() {
        // From the project root itself, the cwd-relative and root-relative candidates coincide.
        Path root = cwd.getParent();
        DataDir d = DataDir.resolve(null, Map.of(), home, root, null);
        assertEquals(List.of(homeData, rootShared), d.candidates().stream().map(DataDir.Candidate::dir).toList());
        assertEquals(Optional.of(root), DataDir.projectRoot(cwd));
        assertEquals(Optional.empty(), DataDir.projectRoot(tmp));
    }

    @Test
    void missingFileMessageNamesFileDirectoriesAndRemedies() {
        String rel = "cbcl-faces/cbcl-face-database-1.tar.gz";
        MissingDataException e = assertThrows(MissingDataException.class, () -> all().require(rel));
        String m = e.getMessage();
        assertTrue(m.contains(rel), m);
        for (Path p : List.of(explicit, env, homeData, cwdShared, rootShared, codeShared)) {
            assertTrue(m.contains(p.toString()), "names " + p + ": " + m);
        }
        assertTrue(m.contains("--data-dir") && m.contains("AE4J_DATA"), m);
        assertTrue(m.contains("No download source"), m);
    }

    @Test
    void rejectsPathsThatLeaveTheDataDir() {
        assertThrows(IllegalArgumentException.class, () -> all().find("../x"));
        assertThrows(IllegalArgumentException.class, () -> all().find("/etc/passwd"));
    }

    private DataDir withSource(String content, Downloader downloader) throws IOException {
        Path scratch = TestFiles.write(tmp.resolve("scratch/expected"), TestFiles.ascii(content));
        String rel = "mnist/tiny-idx.gz";
        DataDir.Source s = new DataDir.Source(rel, URI.create("https://example.invalid/tiny-idx.gz"), Sha256.ofFile(scratch));
        List<DataDir.Candidate> candidates = List.of(
                new DataDir.Candidate(home.resolve(".ae4j/data"), "~/.ae4j/data"),
                new DataDir.Candidate(rootShared, "root"));
        return new DataDir(candidates, Map.of(rel, s), downloader);
    }

    @Test
    void downloadsVerifiesContentAndMovesIntoFirstWritableDir() throws IOException {
        Files.delete(homeData); // created on demand
        DataDir d = withSource("abc", (url, target) -> Files.write(target, TestFiles.gzip(TestFiles.ascii("abc"))));
        Path got = d.require("mnist/tiny-idx.gz");
        assertEquals(homeData.resolve("mnist/tiny-idx.gz"), got);
        assertEquals("abc", new String(Gzip.open(got).readAllBytes()));
        assertNoPartFiles();
    }

    @Test
    void hashMismatchLeavesNothingBehind() throws IOException {
        DataDir d = withSource("abc", (url, target) -> Files.write(target, TestFiles.ascii("abd")));
        MissingDataException e = assertThrows(MissingDataException.class, () -> d.require("mnist/tiny-idx.gz"));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
        assertFalse(Files.exists(homeData.resolve("mnist/tiny-idx.gz")));
        assertNoPartFiles();
    }

    @Test
    void failedDownloadGivesOneClearMessage() throws IOException {
        DataDir d = withSource("abc", (url, target) -> {
            throw new IOException("connect timed out");
        });
        String m = assertThrows(MissingDataException.class, () -> d.require("mnist/tiny-idx.gz")).getMessage();
        assertTrue(m.contains("mnist/tiny-idx.gz") && m.contains("https://example.invalid/tiny-idx.gz"), m);
        assertTrue(m.contains("connect timed out") && m.contains(rootShared.toString()), m);
        assertTrue(m.contains("--data-dir") && m.contains("AE4J_DATA"), m);
        assertFalse(Files.exists(homeData.resolve("mnist")), "no empty folder left behind");
    }

    @Test
    void httpDownloaderFailsFastOnUnreachableHost() throws IOException {
        // Port 1 on loopback refuses at once; no network is needed.
        Downloader http = Downloader.http();
        Path target = tmp.resolve("t");
        long t0 = System.nanoTime();
        assertThrows(IOException.class, () -> http.download(URI.create("http://127.0.0.1:1/x.gz"), target));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
    }

    @Test
    void knownSourcesCoverMnist() {
        for (Split s : Split.values()) {
            for (String name : List.of(Mnist.imagesFile(s), Mnist.labelsFile(s))) {
                DataDir.Source src = DataDir.KNOWN_SOURCES.get("mnist/" + name + ".gz");
                assertEquals("https://ossci-datasets.s3.amazonaws.com/mnist/" + name + ".gz", src.url().toString());
            }
        }
    }

    private void assertNoPartFiles() throws IOException {
        try (Stream<Path> files = Files.walk(tmp)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".part")).toList());
        }
    }
}
