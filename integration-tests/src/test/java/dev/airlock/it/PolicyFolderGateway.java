package dev.airlock.it;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local gateway started as a user starts it, {@code airlock local --port P --data-dir D
 * --policies F}, with a test's own copy of the policies and extra environment (for example
 * AWS_ENDPOINT_URL for moto); stopped with SIGINT the way Ctrl-C stops it.
 */
final class PolicyFolderGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path dataDir;
    private final int port;
    private final StringBuffer output = new StringBuffer();

    private PolicyFolderGateway(Process process, Path dataDir, int port) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
        Thread reader = new Thread(this::readOutput, "policy-folder-gateway-output");
        reader.setDaemon(true);
        reader.start();
    }

    static PolicyFolderGateway start(Path dataDir, Path policies, Map<String, String> environment) {
        int port = LoopbackPorts.free();
        try {
            ProcessBuilder command = Cli.command("local", "--port", String.valueOf(port), "--data-dir",
                    dataDir.toString(), "--policies", policies.toString()).redirectErrorStream(true);
            command.environment().putAll(environment);
            PolicyFolderGateway gateway = new PolicyFolderGateway(command.start(), dataDir, port);
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
                throw new IllegalStateException("The local gateway exited with " + process.exitValue() + ":\n"
                        + output);
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("The local gateway did not get ready in 120 s:\n" + output);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path dataDir() {
        return dataDir;
    }

    String output() {
        return output.toString();
    }

    /** A client for the gateway's DynamoDB Local, as an auditor would open one. */
    DynamoDbClient dynamo() {
        try {
            String endpoint = JSON.readTree(dataDir.resolve("gateway.json").toFile()).path("dynamodbEndpoint")
                    .asText();
            return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("auditor",
                            "auditor"))).httpClient(UrlConnectionHttpClient.create()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<String> kill = new ArrayList<>(List.of("kill", "-INT", String.valueOf(process.pid())));
        process.descendants().forEach(p -> kill.add(String.valueOf(p.pid())));
        try {
            new ProcessBuilder(kill).inheritIO().start().waitFor();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
