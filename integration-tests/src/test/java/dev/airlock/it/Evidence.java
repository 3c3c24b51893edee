package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Records what the integration suite saw, for {@link CanarySecretsScanIT} to search for the
 * {@link Canaries}: every response a gateway gave (HTTP and Lambda), everything every gateway
 * process printed, every record in the tables it wrote its audit trail to, and what every CLI
 * command printed. Files go under {@code canary-evidence/<IT class>/}, one JSON document per
 * line for responses and records, so a finding names its file and line.
 */
final class Evidence {
    static final String RESPONSES = "responses.jsonl";
    static final String CLI = "cli.jsonl";
    static final String GATEWAY_PREFIX = "gateway-";
    static final String FUNCTION_PREFIX = "function-";
    /** Suffixes of one gateway's (or function's) files. */
    static final String STARTED = ".started.json";
    static final String OUTPUT = ".output.log";
    static final String RECORDS = ".records.jsonl";
    static final String JOURNAL = ".journal.";
    static final String DATA_LOG = ".datalog.";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Evidence() {
    }

    /** A new gateway's or function's name, unique in this build: {@code gateway-<pid>-<n>}. */
    static String nextName(String prefix) {
        return prefix + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    }

    /** The evidence folder of the IT class that is running (found on the stack), created if needed. */
    static Path dirOfCurrentTest() {
        String test = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .map(name -> name.contains("$") ? name.substring(0, name.indexOf('$')) : name)
                .filter(name -> name.startsWith("dev.airlock.it.") && name.endsWith("IT"))
                .findFirst().orElse("dev.airlock.it.unattributed"));
        Path dir = Canaries.evidenceRoot().resolve(test.substring(test.lastIndexOf('.') + 1));
        Canaries.values();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            System.err.println("canary evidence: could not create " + dir + ": " + e);
            return dir;
        }
    }

    /** Records one HTTP response a gateway gave. */
    static void response(HttpResponse<String> response) {
        ObjectNode line = JSON.createObjectNode();
        line.put("method", response.request().method());
        line.put("uri", response.uri().toString());
        line.put("status", response.statusCode());
        line.set("headers", JSON.valueToTree(response.headers().map()));
        line.put("body", response.body());
        append(dirOfCurrentTest().resolve(RESPONSES), line.toString());
    }

    /** Records one answer of a packaged function (an API Gateway proxy response, or its error). */
    static void functionAnswer(String answer) {
        ObjectNode line = JSON.createObjectNode();
        line.put("source", "lambda");
        line.put("answer", answer);
        append(dirOfCurrentTest().resolve(RESPONSES), line.toString());
    }

    /** Records what one finished CLI command printed. */
    static void cli(List<String> args, Cli.Result result) {
        ObjectNode line = JSON.createObjectNode();
        line.set("args", JSON.valueToTree(args));
        line.put("exitCode", result.exitCode());
        line.put("stdout", result.stdout());
        line.put("stderr", result.stderr());
        append(dirOfCurrentTest().resolve(CLI), line.toString());
    }

    /*
     * Recording never fails the test that is running: evidence that could not be written is
     * missing evidence, which the scan reports.
     */

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("canary evidence: could not write " + file + ": " + e);
        }
    }

    static synchronized void append(Path file, String line) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("canary evidence: could not append to " + file + ": " + e);
        }
    }

    /**
     * Learns the secrets a moto server handed out (STS session keys and tokens, IAM access keys)
     * from its state, so that the scan looks for them too. Anything else at the endpoint (or a
     * moto that is gone) is ignored.
     */
    static void learnMotoSecrets(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return;
        }
        try {
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofSeconds(2)).build();
            HttpResponse<String> state = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(endpoint).resolve("/moto-api/data.json"))
                    .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (state.statusCode() == 200) {
                learnSecretFields(JSON.readTree(state.body()));
            }
        } catch (IOException | RuntimeException e) {
            // not moto, or moto already stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The demo AWS account's planted secrets: the SecureString, and the key left in a report object. */
    static void learnSandboxSecrets(java.net.URI moto) {
        try {
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofSeconds(2)).build();
            // moto routes unsigned calls by the credential scope; it checks no signature.
            String scope = "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/%s/aws4_request, "
                    + "SignedHeaders=host, Signature=0";
            HttpResponse<String> parameter = http.send(java.net.http.HttpRequest.newBuilder(moto)
                    .header("X-Amz-Target", "AmazonSSM.GetParameter")
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("Authorization", scope.formatted("ssm"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"Name\":\"/demo/db-password\",\"WithDecryption\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (parameter.statusCode() == 200) {
                Canaries.learn("sandbox SecureString", JSON.readTree(parameter.body()).path("Parameter")
                        .path("Value").asText());
            }
            HttpResponse<String> settings = http.send(java.net.http.HttpRequest.newBuilder(
                    moto.resolve("/airlock-demo-reports/2026/export-settings.json"))
                    .header("Authorization", scope.formatted("s3")).build(), HttpResponse.BodyHandlers.ofString());
            if (settings.statusCode() == 200) {
                Canaries.learn("sandbox key in an S3 object", JSON.readTree(settings.body())
                        .path("awsSecretAccessKey").asText());
            }
        } catch (IOException | RuntimeException e) {
            // moto already stopped: nothing to learn
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void learnSecretFields(JsonNode node) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String name = field.getKey().toLowerCase(java.util.Locale.ROOT).replace("_", "");
                if (field.getValue().isTextual() && (name.equals("secretaccesskey") || name.equals("sessiontoken"))) {
                    Canaries.learn("moto " + field.getKey(), field.getValue().asText());
                } else {
                    learnSecretFields(field.getValue());
                }
            });
        } else if (node.isArray()) {
            node.forEach(Evidence::learnSecretFields);
        }
    }

    /** Every item of every table the client sees, one JSON line each; returns how many. */
    static int dumpTables(DynamoDbClient dynamo, Path file) {
        StringBuilder out = new StringBuilder();
        int items = 0;
        for (String table : dynamo.listTablesPaginator(b -> { }).tableNames()) {
            for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(table)).items()) {
                ObjectNode line = JSON.createObjectNode();
                line.put("table", table);
                line.set("item", json(item));
                out.append(line).append('\n');
                items++;
            }
        }
        write(file, out.toString());
        return items;
    }

    /** An item as JSON, binary values in base64 (the scan also looks for base64 forms). */
    static JsonNode json(Map<String, AttributeValue> item) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        item.forEach((name, value) -> node.set(name, json(value)));
        return node;
    }

    private static JsonNode json(AttributeValue v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v.s() != null) {
            return f.textNode(v.s());
        }
        if (v.n() != null) {
            return f.textNode(v.n());
        }
        if (v.b() != null) {
            return f.textNode(Base64.getEncoder().encodeToString(v.b().asByteArray()));
        }
        if (v.bool() != null) {
            return f.booleanNode(v.bool());
        }
        if (v.hasM()) {
            return json(v.m());
        }
        ArrayNode array = f.arrayNode();
        if (v.hasL()) {
            v.l().forEach(e -> array.add(json(e)));
        } else if (v.hasSs()) {
            v.ss().forEach(array::add);
        } else if (v.hasNs()) {
            v.ns().forEach(array::add);
        } else if (v.hasBs()) {
            v.bs().forEach(b -> array.add(Base64.getEncoder().encodeToString(b.asByteArray())));
        } else {
            return f.nullNode();
        }
        return array;
    }

    /** Copies every file under {@code folder} (an audit journal) as {@code <base>.journal.<name>}. */
    static int copyFiles(Path folder, Path dir, String base) {
        return copyFiles(folder, dir, base + JOURNAL, file -> true);
    }

    /** Copies the approval emails a gateway left in its outbox as {@code <base>.outbox.<name>}. */
    static int copyOutbox(Path dataDir, Path dir, String base) {
        return copyFiles(dataDir.resolve("outbox"), dir, base + ".outbox.", file -> true);
    }

    /** Records the page a browser shows, as a response from the gateway. */
    static void browserPage(String url, String html) {
        ObjectNode line = JSON.createObjectNode();
        line.put("source", "browser");
        line.put("url", url);
        line.put("body", html);
        append(dirOfCurrentTest().resolve(RESPONSES), line.toString());
    }

    /**
     * Copies the log files a gateway's parts left in its data folder (PostgreSQL's, DynamoDB
     * Local's, if any) as {@code <base>.datalog.<path>.log}: a password in a logged statement is a leak too.
     */
    static int copyLogFiles(Path dataDir, Path dir, String base) {
        return copyFiles(dataDir, dir, base + DATA_LOG, file -> {
            String name = file.getFileName().toString();
            return name.endsWith(".log") || name.endsWith(".log.txt") || file.getParent().getFileName().toString()
                    .matches("(?i)(pg_)?logs?");
        });
    }

    private static int copyFiles(Path folder, Path dir, String prefix, java.util.function.Predicate<Path> which) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            int copied = 0;
            for (Path file : files.filter(Files::isRegularFile).filter(which).toList()) {
                String name = folder.relativize(file).toString().replace('/', '_');
                Files.copy(file, dir.resolve(prefix + name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                copied++;
            }
            return copied;
        } catch (IOException | UncheckedIOException e) {
            System.err.println("canary evidence: could not copy the files of " + folder + ": " + e);
            return -1;
        }
    }
}
