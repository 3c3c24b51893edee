package dev.airlock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls to moto_server's own API ({@code /moto-api/...}); anything but a 2xx answer fails the test. */
record MotoApi(URI endpoint) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    String get(String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET(), path);
    }

    String post(String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()), path);
    }

    private static String send(HttpRequest.Builder request, String path) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("moto answered " + path + " with HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("moto did not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling moto " + path, e);
        }
    }
}
