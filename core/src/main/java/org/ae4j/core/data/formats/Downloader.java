package org.ae4j.core.data.formats;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Fetches a URL into a file. An interface so tests can stand in for the network. */
@FunctionalInterface
public interface Downloader {
    /** Writes the resource at {@code source} to {@code target}, replacing it; throws on any failure. */
    void download(URI source, Path target) throws IOException;

    /**
     * Plain HTTP(S) GET following redirects. A short connect timeout so an offline machine fails in
     * seconds; the whole transfer gets {@code transferTimeout}.
     */
    static Downloader http(Duration connectTimeout, Duration transferTimeout) {
        return (source, target) -> {
            // Built per download, not up front: a client starts a thread, and most runs never download.
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            HttpRequest request = HttpRequest.newBuilder(source).timeout(transferTimeout).GET().build();
            HttpResponse<Path> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofFile(target));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("download of " + source + " interrupted");
            }
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " from " + source);
            }
        };
    }

    /** {@link #http} with a 5 s connect timeout and 10 min for the transfer. */
    static Downloader http() {
        return http(Duration.ofSeconds(5), Duration.ofMinutes(10));
    }
}
