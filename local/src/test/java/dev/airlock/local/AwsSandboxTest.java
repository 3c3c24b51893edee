package dev.airlock.local;

import dev.airlock.aws.support.AwsClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class AwsSandboxTest {
    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void start_whenMotoIsNotInstalled_printsOneLineSayingHowToTurnItOnAndStartsNothing() {
        Optional<AwsSandbox> sandbox = AwsSandbox.start(dataDir, out, Optional.empty());

        assertThat(sandbox).isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactly(AwsSandbox.NOT_INSTALLED);
        assertThat(AwsSandbox.NOT_INSTALLED).contains("pip install 'moto[server]'").contains("aws-sandbox");
        assertThat(dataDir.resolve(AwsSandbox.LOG_FILE)).doesNotExist();
    }

    @Test
    void findExecutable_whenNeitherPathNorMotoServerNamesOne_findsNothing() {
        assertThat(AwsSandbox.findExecutable(Map.of("PATH", dataDir.toString()))).isEmpty();
        assertThat(AwsSandbox.findExecutable(Map.of("MOTO_SERVER", dataDir.resolve("missing").toString(),
                "PATH", System.getenv().getOrDefault("PATH", "")))).isEmpty();
    }

    @Test
    void start_whenMotoIsInstalled_servesTheSeededDemoAccountUntilClosed() throws Exception {
        Optional<Path> moto = AwsSandbox.findExecutable(System.getenv());
        assumeThat(moto).as("moto_server on the PATH").isPresent();

        URI endpoint;
        try (AwsSandbox sandbox = AwsSandbox.start(dataDir, out, moto).orElseThrow(
                () -> new AssertionError(printed.toString(StandardCharsets.UTF_8)))) {
            endpoint = sandbox.endpoint();
            assertThat(sandbox.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/airlock-target");
            assertThat(sandbox.workerInstanceId()).startsWith("i-");
            try (S3Client s3 = AwsClients.emulator(S3Client.builder().forcePathStyle(true), endpoint);
                 DynamoDbClient dynamo = AwsClients.emulator(DynamoDbClient.builder(), endpoint)) {
                assertThat(s3.listBuckets().buckets()).extracting(Bucket::name)
                        .contains("airlock-demo-reports", "airlock-demo-private");
                ResponseBytes<GetObjectResponse> csv = s3.getObjectAsBytes(g -> g.bucket("airlock-demo-reports")
                        .key("2026/q3-customers.csv"));
                assertThat(csv.asUtf8String()).contains("@example.com");
                assertThat(dynamo.scan(s -> s.tableName("demo-orders")).items()).hasSizeGreaterThanOrEqualTo(3);
            }
            String instances = post(endpoint, "Action=DescribeInstances&Version=2016-11-15", "ec2");
            assertThat(instances).contains(sandbox.workerInstanceId()).contains("demo-worker");
        }
        assertThat(Files.exists(dataDir.resolve(AwsSandbox.LOG_FILE))).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("AWS sandbox aws-sandbox ready at " + endpoint);
        HttpClient http = HttpClient.newHttpClient();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.send(
                HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).build(), HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void start_whenTheFreePortIsTakenBeforeMotoBindsIt_triesAnotherPort() throws Exception {
        Optional<Path> moto = AwsSandbox.findExecutable(System.getenv());
        assumeThat(moto).as("moto_server on the PATH").isPresent();
        // The first launch fails as moto does when its port was taken meanwhile; the next is the real moto_server.
        Path failedOnce = dataDir.resolve("failed-once");
        Path wrapper = dataDir.resolve("bin/moto_server");
        Files.createDirectories(wrapper.getParent());
        Files.writeString(wrapper, "#!/bin/sh\nif [ ! -e '" + failedOnce + "' ]; then touch '" + failedOnce + "'; "
                + "echo 'OSError: [Errno 98] Address already in use'; exit 1; fi\nexec '" + moto.get() + "' \"$@\"\n");
        wrapper.toFile().setExecutable(true);

        try (AwsSandbox sandbox = AwsSandbox.start(dataDir, out, Optional.of(wrapper)).orElseThrow(
                () -> new AssertionError(printed.toString(StandardCharsets.UTF_8)))) {
            assertThat(failedOnce).exists();
            assertThat(Files.readString(dataDir.resolve(AwsSandbox.LOG_FILE))).contains("Address already in use");
            try (S3Client s3 = AwsClients.emulator(S3Client.builder().forcePathStyle(true), sandbox.endpoint())) {
                assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains("airlock-demo-reports");
            }
        }
    }

    @Test
    void start_whenAKilledGatewayLeftItsMotoServerRunning_stopsItFirst() throws Exception {
        Path fakeMoto = dataDir.resolve("bin/moto_server");
        Files.createDirectories(fakeMoto.getParent());
        Files.writeString(fakeMoto, "#!/bin/sh\nsleep 300\n");
        fakeMoto.toFile().setExecutable(true);
        Process leftover = new ProcessBuilder(fakeMoto.toString()).start();
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        try {
            Files.writeString(dataDir.resolve(AwsSandbox.PID_FILE), Long.toString(leftover.pid()));
            AwsSandbox.stopLeftover(dataDir, out);
            assertThat(leftover.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("leftover stopped").isTrue();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("pid " + leftover.pid());
            assertThat(Files.exists(dataDir.resolve(AwsSandbox.PID_FILE))).isFalse();

            // A pid the system has since handed to another program is not ours to stop.
            Files.writeString(dataDir.resolve(AwsSandbox.PID_FILE), Long.toString(unrelated.pid()));
            AwsSandbox.stopLeftover(dataDir, out);
            assertThat(unrelated.isAlive()).isTrue();
        } finally {
            leftover.destroyForcibly();
            unrelated.destroyForcibly();
        }
    }

    private static String post(URI endpoint, String form, String service) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/" + service
                        + "/aws4_request, SignedHeaders=host, Signature=0")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
