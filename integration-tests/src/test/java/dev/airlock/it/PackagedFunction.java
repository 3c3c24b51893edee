package dev.airlock.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The built {@code function.zip}, unpacked the way Lambda unpacks it into its task root and
 * run by the Lambda runtime interface client, as the managed Java runtime runs it.
 */
final class PackagedFunction implements AutoCloseable {
    static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    private final Process process;
    private final StringBuffer log = new StringBuffer();
    private final Thread reader;
    private final Map<String, String> environment;
    private final Path evidence = Evidence.dirOfCurrentTest();
    private final String name = Evidence.nextName(Evidence.FUNCTION_PREFIX);
    private boolean closed;

    private PackagedFunction(Process process, Map<String, String> environment) {
        this.process = process;
        this.environment = Map.copyOf(environment);
        ObjectNode facts = new ObjectMapper().createObjectNode();
        facts.put("name", name);
        facts.put("canaryAwsSecretKey", Canaries.awsSecretKey().equals(environment.get("AWS_SECRET_ACCESS_KEY")));
        Evidence.write(evidence.resolve(name + Evidence.STARTED), facts.toString());
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    log.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "function-log");
        reader.setDaemon(true);
        reader.start();
    }

    static PackagedFunction start(Path zip, Path taskRoot, String runtimeApi, Map<String, String> environment) {
        unzip(zip, taskRoot);
        Path runtime = Path.of(System.getProperty("airlock.lambda.runtime.dir"));
        ProcessBuilder builder = new ProcessBuilder(List.of(Cli.java(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", runtime.resolve("*").toString(),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", HANDLER));
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", HANDLER);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "airlock-gateway");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.putAll(environment);
        // The runtime loads the function from its working directory, /var/task in Lambda.
        builder.directory(taskRoot.toFile());
        builder.redirectErrorStream(true);
        try {
            return new PackagedFunction(builder.start(), env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unzip(Path zip, Path target) {
        try (InputStream file = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(file)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IllegalStateException("zip entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + zip, e);
        }
    }

    String log() {
        return log.toString();
    }

    /**
     * Stops the function and keeps, for the canary scan, its log and every item of the tables at
     * its AWS endpoint (moto), where it wrote its audit trail.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        String endpoint = environment.get("AWS_ENDPOINT_URL");
        Evidence.learnMotoSecrets(endpoint);
        if (endpoint != null) {
            try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(URI.create(endpoint))
                    .region(Region.of(environment.getOrDefault("AWS_REGION", "us-east-1")))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            environment.getOrDefault("AWS_ACCESS_KEY_ID", "testing"),
                            environment.getOrDefault("AWS_SECRET_ACCESS_KEY", "testing"))))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                Evidence.dumpTables(dynamo, evidence.resolve(name + Evidence.RECORDS));
            } catch (RuntimeException e) {
                Evidence.write(evidence.resolve(name + Evidence.RECORDS + ".error"), e.toString());
            }
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Evidence.write(evidence.resolve(name + Evidence.OUTPUT), log.toString());
    }
}
