package io.sparkcnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** Fetches one URL to a file. An interface so tests can serve files from loopback. */
public interface Downloader {
    /** Downloads {@code url} into {@code target}; throws with a one-line reason on any failure. */
    void download(URI url, Path target) throws IOException;

    /**
     * Plain HTTP(S) with short timeouts: on a machine without internet the failure comes quickly. The client is built
     * for each download, not before: building one took ~0.2 s of every run's start, and most runs download nothing.
     */
    static Downloader http() {
        return (url, target) -> {
            HttpClient client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).GET().build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                Files.copy(body, target, StandardCopyOption.REPLACE_EXISTING);
            }
        };
    }
}
