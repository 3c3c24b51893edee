package dev.airlock.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.identity.GatewayTokenIssuer;
import dev.airlock.identity.SigningKeyFile;
import dev.airlock.identity.TokenSettings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load harness: starts the local gateway as a user does ({@code airlock local}), sends it
 * one statement many times as an agent, and reports what a request costs: the gateway's CPU
 * time per request (its JVM, DynamoDB Local included; PostgreSQL runs apart) and latency
 * percentiles. Run from the repository root after a build:
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.airlock.benchmarks.LocalRequestCost [requests] [sql]</pre>
 */
public final class LocalRequestCost {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalRequestCost() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String sql = args.length > 1 ? args[1] : PolicyPathBenchmark.STATEMENTS.get("select").replace("?", "'Oslo'");
        Path home = Path.of(System.getProperty("airlock.home", ".")).toAbsolutePath().normalize();
        Path dataDir = Files.createTempDirectory("airlock-bench");
        Process cli = new ProcessBuilder(java(), "--sun-misc-unsafe-memory-access=allow", "-Dairlock.home=" + home,
                "-jar", home.resolve("cli/target/airlock-cli.jar").toString(), "local", "--port", "0",
                "--data-dir", dataDir.toString()).redirectErrorStream(true).redirectOutput(dataDir.resolve("gateway.log").toFile())
                .start();
        try {
            URI gatewayUrl = awaitGateway(dataDir);
            ProcessHandle gateway = cli.descendants().filter(p -> p.info().command().orElse("").contains("java"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no gateway process"));
            String token = new GatewayTokenIssuer(SigningKeyFile.load(dataDir), TokenSettings.LOCAL_DEFAULTS,
                    Clock.systemUTC()).issue("reporting-bot", Duration.ofMinutes(60)).token();
            URI uri = gatewayUrl.resolve("/v1/sql");
            String body = JSON.writeValueAsString(Map.of("target", "demo", "sql", sql));
            HttpClient http = HttpClient.newHttpClient();
            System.out.printf("warming up with %d requests...%n", requests / 2);
            run(http, uri, token, body, requests / 2);
            Duration cpuBefore = cpu(gateway);
            long start = System.nanoTime();
            long[] latencies = run(http, uri, token, body, requests);
            double wallSeconds = (System.nanoTime() - start) / 1e9;
            double cpuMillisPerRequest = (cpu(gateway).minus(cpuBefore)).toNanos() / 1e6 / requests;
            Arrays.sort(latencies);
            System.out.println();
            System.out.println("| statement | requests | gateway CPU per request | p50 | p95 | p99 | throughput (1 client) |");
            System.out.println("|---|---|---|---|---|---|---|");
            System.out.printf("| `%s` | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.0f req/s |%n", sql, requests,
                    cpuMillisPerRequest, percentile(latencies, 50), percentile(latencies, 95),
                    percentile(latencies, 99), requests / wallSeconds);
        } finally {
            cli.descendants().forEach(ProcessHandle::destroy);
            cli.destroy();
            cli.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static long[] run(HttpClient http, URI uri, String token, String body, int count) throws Exception {
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            long t = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            latencies[i] = System.nanoTime() - t;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("request failed: " + response.statusCode() + " " + response.body());
            }
        }
        return latencies;
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time"));
    }

    /** @return the URL the gateway announced in gateway.json, with the port it bound */
    private static URI awaitGateway(Path dataDir) throws InterruptedException, IOException {
        for (int i = 0; i < 600; i++) {
            if (Files.exists(dataDir.resolve("gateway.json"))) {
                return URI.create(JSON.readTree(dataDir.resolve("gateway.json").toFile()).path("url").asText());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the gateway did not start:\n" + Files.readString(dataDir.resolve("gateway.log")));
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

}
