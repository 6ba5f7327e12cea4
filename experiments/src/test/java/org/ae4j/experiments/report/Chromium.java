package org.ae4j.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ae4j.core.runs.Json;

/**
 * Opens a local HTML file in headless Chromium through the DevTools protocol and lists what is wrong with
 * it: script errors, console errors, resources that failed to load, images that did not decode, links to
 * files that do not exist and in-page anchors with no target. Chromium comes from Debian's {@code chromium}
 * package ({@code .ci/run} installs it); {@code AE4J_CHROMIUM} names another binary.
 */
final class Chromium implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final Process process;
    private final Path profile;

    private Chromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** The Chromium binary, if this machine has one. */
    static Optional<Path> binary() {
        String configured = System.getenv("AE4J_CHROMIUM");
        List<String> candidates = configured != null ? List.of(configured)
                : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    static Chromium start(Path binary) throws IOException {
        Path profile = Files.createTempDirectory("ae4j-chromium");
        // The flags keep a sandboxed, offline machine quiet: no sandbox as root, no GPU, no background traffic.
        Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return new Chromium(process, profile);
    }

    /** The problems of the page at {@code file}, empty when there are none. */
    List<String> problems(Path file) throws Exception {
        int port = debuggingPort();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/json/list")).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).body());
        String socket = null;
        for (JsonNode t : targets) {
            if (t.path("type").asText().equals("page")) {
                socket = t.path("webSocketDebuggerUrl").asText();
            }
        }
        if (socket == null) {
            throw new IOException("Chromium lists no page target: " + targets);
        }
        Session session = new Session();
        WebSocket ws = http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(URI.create(socket), session)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        session.socket = ws;
        for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
            session.call(domain + ".enable", Json.MAPPER.createObjectNode());
        }
        ObjectNode navigate = Json.MAPPER.createObjectNode().put("url", file.toUri().toString());
        JsonNode navigated = session.call("Page.navigate", navigate);
        if (navigated.has("errorText")) {
            return List.of("cannot open " + file + ": " + navigated.path("errorText").asText());
        }
        session.loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        List<String> problems = new ArrayList<>(session.problems);
        String script = """
                JSON.stringify({
                  images: [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src')),
                  links: [...document.querySelectorAll('a[href]')].map(a => a.href),
                  anchors: [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href').substring(1))
                    .filter(id => !document.getElementById(id))
                })""";
        JsonNode result = session.call("Runtime.evaluate", Json.MAPPER.createObjectNode().put("expression", script)
                .put("returnByValue", true));
        JsonNode page = Json.MAPPER.readTree(result.path("result").path("value").asText());
        page.path("images").forEach(i -> problems.add("image not shown: " + i.asText()));
        page.path("anchors").forEach(a -> problems.add("no element with id '" + a.asText() + "'"));
        for (JsonNode link : page.path("links")) {
            URI uri = URI.create(link.asText());
            if ("file".equals(uri.getScheme())) {
                Path target = Path.of(new URI("file", null, uri.getPath(), null));
                if (!Files.exists(target)) {
                    problems.add("broken link: " + link.asText());
                }
            } else if (!List.of("http", "https").contains(uri.getScheme())) {
                problems.add("unexpected link: " + link.asText());
            }
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        return problems;
    }

    private int debuggingPort() throws IOException {
        // Chromium announces "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on stderr.
        Pattern announcement = Pattern.compile("DevTools listening on ws://[^:]+:(\\d+)/");
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String line;
        while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
            Matcher m = announcement.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "chromium-stderr");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
            seen.append(line).append('\n');
        }
        throw new IOException("Chromium did not start its DevTools server; it said:\n" + seen);
    }

    @Override
    public void close() throws IOException {
        // Chromium's helper processes write into the profile while they shut down: stop them all first.
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.UncheckedIOException e) {
            // A file vanished while we walked: the profile is a temporary folder, what is left goes with /tmp.
        }
    }

    /** One DevTools connection: numbered calls with their replies, and the events that report problems. */
    private static final class Session implements WebSocket.Listener {
        WebSocket socket;
        final AtomicInteger ids = new AtomicInteger();
        final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        final Map<String, String> urls = new ConcurrentHashMap<>();
        final List<String> problems = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> loaded = new CompletableFuture<>();
        private final StringBuilder frame = new StringBuilder();

        JsonNode call(String method, ObjectNode params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(id, reply);
            ObjectNode message = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
            message.set("params", params);
            socket.sendText(Json.MAPPER.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IOException(method + ": " + answer.path("error"));
            }
            return answer.path("result");
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                try {
                    handle(Json.MAPPER.readTree(frame.toString()));
                } catch (IOException e) {
                    problems.add("unreadable DevTools message: " + e.getMessage());
                }
                frame.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(JsonNode message) {
            if (message.has("id")) {
                CompletableFuture<JsonNode> reply = pending.remove(message.path("id").asInt());
                if (reply != null) {
                    reply.complete(message);
                }
                return;
            }
            JsonNode p = message.path("params");
            switch (message.path("method").asText()) {
                case "Page.loadEventFired" -> loaded.complete(null);
                case "Runtime.exceptionThrown" -> problems.add("script error: " + p.path("exceptionDetails").path("text").asText()
                        + " " + p.path("exceptionDetails").path("exception").path("description").asText());
                case "Runtime.consoleAPICalled" -> {
                    if (p.path("type").asText().equals("error")) {
                        problems.add("console error: " + p.path("args"));
                    }
                }
                case "Log.entryAdded" -> {
                    if (p.path("entry").path("level").asText().equals("error")) {
                        problems.add("browser error: " + p.path("entry").path("text").asText() + " "
                                + p.path("entry").path("url").asText());
                    }
                }
                case "Network.requestWillBeSent" -> urls.put(p.path("requestId").asText(), p.path("request").path("url").asText());
                case "Network.loadingFailed" -> problems.add("failed to load " + urls.getOrDefault(p.path("requestId").asText(), "?")
                        + ": " + p.path("errorText").asText());
                default -> { }
            }
        }
    }
}
