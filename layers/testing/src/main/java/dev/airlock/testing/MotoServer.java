package dev.airlock.testing;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * moto_server, the AWS emulator LocalStack is built on, started on a free loopback port for
 * one test class. Install it with {@code pip install 'moto[server]'}; set {@code MOTO_SERVER}
 * to its path if it is not on the PATH.
 */
public final class MotoServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** A free port can be taken by someone else before moto binds it; moto then exits, and a new port is tried. */
    public static MotoServer start() {
        for (int attempt = 1; ; attempt++) {
            int port = LoopbackPorts.free();
            Process process = launch(port);
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
            if (server.awaitReady()) {
                return server;
            }
            if (attempt == 3) {
                throw new IllegalStateException("moto_server exited with code " + process.exitValue());
            }
        }
    }

    private static Process launch(int port) {
        ProcessBuilder builder = new ProcessBuilder(executable(), "-H", "127.0.0.1", "-p", String.valueOf(port));
        Map<String, String> env = builder.environment();
        // Without credentials moto probes the instance-metadata address and stalls.
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        // The request recorder (/moto-api/recorder/) writes to ./moto_recording unless told otherwise:
        // keep it out of the working tree.
        env.put("MOTO_RECORDER_FILEPATH", recordingFile().toString());
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("moto_server did not start: install it with pip install 'moto[server]'", e);
        }
    }

    private static Path recordingFile() {
        try {
            Path file = Files.createTempFile("moto-recording-", ".jsonl");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String executable() {
        String configured = System.getenv("MOTO_SERVER");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("moto_server is not on the PATH: install it with pip install 'moto[server]' "
                + "or set MOTO_SERVER to its path.");
    }

    /** @return true once moto answers, false when it exited first (as it does when its port was taken) */
    private boolean awaitReady() {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("moto_server did not answer within 30 s");
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A GET on moto's own API, for example {@code /moto-api/data.json}. */
    public String get(String path) {
        return call(HttpRequest.newBuilder(endpoint.resolve(path)).GET().build());
    }

    /** A POST on moto's own API, for example {@code /moto-api/reset}. */
    public String post(String path, String json) {
        return call(HttpRequest.newBuilder(endpoint.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Starts moto's request recorder afresh: what came before is forgotten. */
    public void startRecording() {
        post("/moto-api/recorder/reset-recording", "");
        post("/moto-api/recorder/start-recording", "");
    }

    /** Every request recorded since {@link #startRecording()}, in order. */
    public List<RecordedRequest> recordedRequests() {
        List<RecordedRequest> requests = new ArrayList<>();
        for (String line : get("/moto-api/recorder/download-recording").split("\n")) {
            if (!line.isBlank()) {
                try {
                    requests.add(RecordedRequest.of(JSON.readTree(line)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return requests;
    }

    /** The recorded query-protocol calls of one action (AssumeRole, GetCallerIdentity, ...), as form parameters. */
    public List<Map<String, String>> recordedActions(String action) {
        return recordedRequests().stream().map(RecordedRequest::form).filter(f -> action.equals(f.get("Action")))
                .toList();
    }

    private static String call(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(5).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
