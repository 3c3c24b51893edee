package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.LoopbackPorts;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local gateway as a user starts it: {@code airlock local --port P --data-dir D}, run
 * from the built CLI jar, in its own process, stopped with SIGINT the way Ctrl-C stops it.
 */
final class LocalGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path dataDir;
    private final int port;
    private final StringBuffer output = new StringBuffer();

    private LocalGateway(Process process, Path dataDir, int port) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
        Thread reader = new Thread(this::readOutput, "local-gateway-output");
        reader.setDaemon(true);
        reader.start();
    }

    static LocalGateway start(Path dataDir) {
        return start(dataDir, java.util.Map.of());
    }

    /** @param environment added to the gateway's environment, for example AWS_ENDPOINT_URL for moto */
    static LocalGateway start(Path dataDir, java.util.Map<String, String> environment) {
        int port = LoopbackPorts.free();
        try {
            ProcessBuilder command = Cli.command("local", "--port", String.valueOf(port), "--data-dir",
                    dataDir.toString()).redirectErrorStream(true);
            command.environment().putAll(environment);
            Process process = command.start();
            LocalGateway gateway = new LocalGateway(process, dataDir, port);
            gateway.awaitReady();
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (output.indexOf("Press Ctrl-C to stop.") >= 0) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The local gateway exited with " + process.exitValue() + ":\n" + output);
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("The local gateway did not get ready in 120 s:\n" + output);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    Path dataDir() {
        return dataDir;
    }

    String output() {
        return output.toString();
    }

    long pid() {
        return process.pid();
    }

    JsonNode runtimeFile() {
        try {
            return JSON.readTree(dataDir.resolve("gateway.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client for the gateway's DynamoDB Local, as an auditor would open one. */
    DynamoDbClient dynamo() {
        return DynamoDbClient.builder().endpointOverride(URI.create(runtimeFile().path("dynamodbEndpoint").asText()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("auditor", "auditor")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Ctrl-C in a terminal signals the CLI and the gateway it started; returns the CLI's exit code. */
    int interrupt() {
        List<Long> pids = new ArrayList<>();
        pids.add(process.pid());
        process.descendants().forEach(p -> pids.add(p.pid()));
        List<String> kill = new ArrayList<>(List.of("kill", "-INT"));
        pids.forEach(pid -> kill.add(String.valueOf(pid)));
        try {
            new ProcessBuilder(kill).inheritIO().start().waitFor();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The local gateway did not stop within 60 s of Ctrl-C:\n" + output);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                interrupt();
            } catch (RuntimeException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
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
