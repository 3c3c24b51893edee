package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.testing.MotoRecorder;
import dev.airlock.testing.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures what one request of each kind asks of AWS when the packaged {@code function.zip}
 * serves it: handler time, DynamoDB capacity units (from the items it wrote, as DynamoDB bills
 * them), STS and KMS calls (moto's recorder), log bytes; then prices it with {@link RequestCost}.
 * Writes target/request-profile.json and target/request-profile.md (docs/deploy.md, "What it costs", quotes them).
 * A measurement, not a timed test: it asserts that every request was answered and audited,
 * never how fast.
 */
class RequestProfileIT {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int WARM_UP = 10;
    private static final int MEASURED = Integer.getInteger("airlock.profile.requests", 50);
    /** The gateway function's memory as the stack deploys it, so the price follows infra/cdk. */
    private static final int MEMORY_MB = deployedGatewayMemoryMb();
    /**
     * Lambda's own START, END and REPORT lines per invocation (about 70 + 50 + 150 bytes), which
     * this runtime stand-in does not write but CloudWatch Logs ingests.
     */
    private static final int PLATFORM_LOG_BYTES = 270;
    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/");
    private static final String REVOCATIONS_PARTITION = "revocations#gateway";

    @TempDir
    static Path dir;
    static PackagedGateway packaged;

    private static int deployedGatewayMemoryMb() {
        com.fasterxml.jackson.databind.JsonNode template = dev.airlock.infra.AirlockTemplates.synthesize(
                dev.airlock.infra.AirlockStackProps.builder()
                        .repoRoot(dev.airlock.infra.AirlockStackProps.findRepoRoot(Path.of("").toAbsolutePath()))
                        .tokenIssuer("https://airlock.example.com")
                        .awsTargetsJson("{\"targets\":[{\"name\":\"aws-sandbox\",\"region\":\"us-east-1\","
                                + "\"accountId\":\"123456789012\",\"roleArn\":\"arn:aws:iam::123456789012:role/t\"}]}")
                        .build());
        for (var resource : template.path("Resources")) {
            var properties = resource.path("Properties");
            if (resource.path("Type").asText().equals("AWS::Lambda::Function")
                    && properties.path("Environment").path("Variables").has("AIRLOCK_AWS_TARGETS")) {
                assertThat(properties.path("Architectures").toString()).as("priced as arm64").contains("arm64");
                return properties.path("MemorySize").asInt();
            }
        }
        throw new AssertionError("The synthesized stack has no gateway function (one that reads AIRLOCK_AWS_TARGETS)");
    }

    @BeforeAll
    static void start() throws IOException {
        packaged = PackagedGateway.start(dir);
    }

    @AfterAll
    static void stop() {
        Closing.quietly(packaged);
    }

    /** One kind of request, as an agent sends it, and what the gateway must answer. */
    private record Kind(String name, int expectedStatus, boolean audited, Supplier<HttpApiEvents.Answer> send) {
    }

    /** What was measured of one kind, over {@link #MEASURED} warm requests. */
    private record Measured(Kind kind, List<Duration> handlerTimes, Map<String, Double> callsPerRequest,
                            Map<String, Integer> warmUpCalls, double storedBytes, double writeUnits, double readUnits, double revocationRefreshes, double stsCalls,
                            double kmsSymmetric, double kmsAsymmetric, double logBytes, int maxResponseBytes) {

        RequestProfile profile() {
            double billed = handlerTimes.stream().mapToDouble(t -> Math.ceil(t.toNanos() / 1e6)).average().orElse(0);
            return new RequestProfile(kind.name(), billed, writeUnits, readUnits, stsCalls, kmsSymmetric, kmsAsymmetric,
                    logBytes, 0, 0);
        }

        double millis(double quantile) {
            List<Double> sorted = handlerTimes.stream().map(t -> t.toNanos() / 1e6).sorted().toList();
            int rank = (int) Math.ceil(quantile * sorted.size());
            return sorted.get(Math.max(0, rank - 1));
        }
    }

    @Test
    void eachRequestKind_isProfiledAndPriced() throws Exception {
        String reportingBot = packaged.exchange(packaged.mainBranchJobToken()).body().path("access_token").asText();
        String opsBot = Agents.token(packaged.gateway().dataDir(), "ops-bot");
        List<Kind> kinds = List.of(
                new Kind("SQL select, allowed and masked", 200, true, () -> packaged.invoke("POST", "/v1/sql",
                        "Bearer " + reportingBot, Agents.body("demo", "select * from customers order by id limit 5"))),
                new Kind("SQL statement, denied", 403, true, () -> packaged.invoke("POST", "/v1/sql",
                        "Bearer " + opsBot, Agents.body("demo", "drop table customers"))),
                new Kind("AWS call, allowed (POST /v1/aws)", 200, true, () -> packaged.invoke("POST", "/v1/aws",
                        "Bearer " + reportingBot, """
                                {"target":"aws-sandbox","service":"s3","operation":"GetObject",
                                 "input":{"Bucket":"airlock-demo-reports","Key":"2026/q3-summary.json"}}""")),
                new Kind("SQL statement, held for approval", 202, true, () -> packaged.invoke("POST", "/v1/sql",
                        "Bearer " + opsBot, Agents.body("demo", "delete from orders where id = ?", 3))),
                new Kind("token exchange (POST /v1/token)", 200, false,
                        () -> packaged.exchange(packaged.mainBranchJobToken())));

        List<Measured> measured = new ArrayList<>();
        for (Kind kind : kinds) {
            measured.add(measure(kind));
        }

        report(measured);
        for (Measured m : measured) {
            if (m.kind().audited()) {
                assertThat(m.writeUnits()).as("%s writes its audit records", m.kind().name()).isGreaterThan(0);
            }
            assertThat(m.handlerTimes()).hasSize(MEASURED);
            assertThat(m.maxResponseBytes()).as("API Gateway bills one request per 512 KB").isLessThan(512 * 1024);
        }
    }

    private Measured measure(Kind kind) throws InterruptedException {
        MotoRecorder recorder = MotoRecorder.of(packaged.moto()).start();
        for (int i = 0; i < WARM_UP; i++) {
            HttpApiEvents.Answer answer = kind.send().get();
            assertThat(answer.status()).as(kind.name() + ": " + answer.text()).isEqualTo(kind.expectedStatus());
        }
        recorder.stop();
        // What the first requests of a kind did that warm ones no longer do: the caches filling.
        Map<String, Integer> warmUpCalls = new TreeMap<>();
        recorder.requests().forEach(call -> warmUpCalls.merge(service(call) + ":" + operation(call), 1, Integer::sum));
        settleLog();
        int logStart = packaged.function().log().length();
        recorder.start();
        List<HttpApiEvents.Answer> answers = new ArrayList<>();
        for (int i = 0; i < MEASURED; i++) {
            answers.add(kind.send().get());
        }
        recorder.stop();
        List<RecordedRequest> calls = recorder.requests();
        settleLog();
        long logBytes = packaged.function().log().substring(logStart).getBytes(StandardCharsets.UTF_8).length;

        Set<String> requestIds = new HashSet<>();
        for (HttpApiEvents.Answer answer : answers) {
            assertThat(answer.status()).as(kind.name() + ": " + answer.text()).isEqualTo(kind.expectedStatus());
            if (kind.audited()) {
                requestIds.add(answer.body().path("requestId").asText());
            }
        }
        if (kind.audited()) {
            assertThat(requestIds).as("every %s has its own request id", kind.name()).hasSize(MEASURED)
                    .doesNotContain("");
            try (DynamoDbClient dynamo = packaged.dynamo()) {
                AuditTrail audit = new AuditTrail(dynamo);
                for (String requestId : requestIds) {
                    assertThat(audit.record(requestId, "intent")).as("the intent of " + requestId).isNotEmpty();
                }
            }
        }
        return tally(kind, answers, calls, logBytes, warmUpCalls);
    }

    /** The function's log is read by another thread; give it a moment to catch up. */
    private static void settleLog() throws InterruptedException {
        int length;
        do {
            length = packaged.function().log().length();
            Thread.sleep(200);
        } while (packaged.function().log().length() != length);
    }

    private Measured tally(Kind kind, List<HttpApiEvents.Answer> answers, List<RecordedRequest> calls, long logBytes,
                           Map<String, Integer> warmUpCalls) {
        Map<String, Integer> counts = new TreeMap<>();
        long storedBytes = 0;
        double writeUnits = 0;
        double readUnits = 0;
        int revocationRefreshes = 0;
        int sts = 0;
        int kmsSymmetric = 0;
        int kmsAsymmetric = 0;
        try (DynamoDbClient dynamo = packaged.dynamo()) {
            for (RecordedRequest call : calls) {
                String service = service(call);
                String operation = operation(call);
                counts.merge(service + ":" + operation, 1, Integer::sum);
                switch (service) {
                    case "dynamodb" -> {
                        JsonNode body = Agents.parse(call.body());
                        if (isRevocationRefresh(operation, body)) {
                            revocationRefreshes++;
                        } else {
                            writeUnits += writeUnits(dynamo, operation, body);
                            storedBytes += storedBytes(operation, body);
                            readUnits += readUnits(dynamo, operation, body);
                        }
                    }
                    case "sts" -> sts += operation.equals("AssumeRole") ? 1 : 0;
                    case "kms" -> {
                        if (Set.of("Sign", "Verify", "GetPublicKey").contains(operation)) {
                            kmsAsymmetric++;
                        } else {
                            kmsSymmetric++;
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        Map<String, Double> perRequest = new LinkedHashMap<>();
        counts.forEach((call, count) -> perRequest.put(call, count / (double) MEASURED));
        int maxResponse = answers.stream().mapToInt(a -> a.text().getBytes(StandardCharsets.UTF_8).length).max()
                .orElse(0);
        return new Measured(kind, answers.stream().map(HttpApiEvents.Answer::handlerTime).toList(), perRequest,
                warmUpCalls, storedBytes / (double) MEASURED, writeUnits / MEASURED, readUnits / MEASURED, revocationRefreshes / (double) MEASURED,
                sts / (double) MEASURED, kmsSymmetric / (double) MEASURED, kmsAsymmetric / (double) MEASURED,
                logBytes / (double) MEASURED + PLATFORM_LOG_BYTES, maxResponse);
    }

    /** The service a request was signed for: SigV4's credential scope names it. */
    private static String service(RecordedRequest call) {
        Matcher scope = CREDENTIAL_SCOPE.matcher(call.header("Authorization"));
        return scope.find() ? scope.group(1) : "unsigned";
    }

    /** JSON protocols name the operation in X-Amz-Target, the query protocol (STS) in Action. */
    private static String operation(RecordedRequest call) {
        String target = call.header("X-Amz-Target");
        if (!target.isEmpty()) {
            return target.substring(target.lastIndexOf('.') + 1);
        }
        return call.form().getOrDefault("Action", call.method() + " " + call.url());
    }

    /** Each instance rereads the revocations partition every few seconds, whatever its traffic. */
    private static boolean isRevocationRefresh(String operation, JsonNode body) {
        return operation.equals("Query") && body.toString().contains(REVOCATIONS_PARTITION);
    }

    /**
     * Write units as DynamoDB bills them: a standard write costs 1 unit per KB of the item (the
     * larger of before and after, for an update: the item is only ever grown here, so after), a
     * transactional write twice that. Failed conditional writes are billed too.
     */
    private static double writeUnits(DynamoDbClient dynamo, String operation, JsonNode body) {
        return switch (operation) {
            case "PutItem" -> DynamoDbBilling.writeUnits(DynamoDbBilling.itemSize(body.path("Item")));
            case "UpdateItem", "DeleteItem" -> DynamoDbBilling.writeUnits(
                    storedSize(dynamo, body.path("TableName").asText(), body.path("Key")));
            case "BatchWriteItem" -> {
                double units = 0;
                for (JsonNode requests : body.path("RequestItems")) {
                    for (JsonNode request : requests) {
                        units += DynamoDbBilling.writeUnits(request.has("PutRequest")
                                ? DynamoDbBilling.itemSize(request.path("PutRequest").path("Item"))
                                : 0);
                    }
                }
                yield units;
            }
            case "TransactWriteItems" -> {
                double units = 0;
                for (JsonNode item : body.path("TransactItems")) {
                    JsonNode put = item.path("Put");
                    long size;
                    if (!put.isMissingNode()) {
                        size = DynamoDbBilling.itemSize(put.path("Item"));
                    } else {
                        JsonNode other = item.elements().next();
                        size = storedSize(dynamo, other.path("TableName").asText(), other.path("Key"));
                    }
                    units += 2 * DynamoDbBilling.writeUnits(size);
                }
                yield units;
            }
            default -> 0;
        };
    }

    /** Bytes the new items add to the table's storage: DynamoDB bills 100 bytes more per item. */
    private static long storedBytes(String operation, JsonNode body) {
        List<JsonNode> items = new ArrayList<>();
        if (operation.equals("PutItem")) {
            items.add(body.path("Item"));
        } else if (operation.equals("TransactWriteItems")) {
            body.path("TransactItems").forEach(item -> {
                if (item.has("Put")) {
                    items.add(item.path("Put").path("Item"));
                }
            });
        }
        return items.stream().mapToLong(item -> DynamoDbBilling.itemSize(item) + 100).sum();
    }

    /**
     * Read units: a read costs 1 unit per 4 KB (half when eventually consistent), transactional
     * reads twice. A query is counted as one 4 KB step: on this path a query reads the newest
     * link of an audit chain ({@code Limit 1}, five short strings), which is checked.
     */
    private static double readUnits(DynamoDbClient dynamo, String operation, JsonNode body) {
        boolean consistent = body.path("ConsistentRead").asBoolean(false);
        return switch (operation) {
            case "GetItem" -> DynamoDbBilling.readUnits(
                    storedSize(dynamo, body.path("TableName").asText(), body.path("Key")), consistent);
            case "Query" -> {
                assertThat(body.path("Limit").asInt()).as("a query reads one item: " + body).isEqualTo(1);
                yield DynamoDbBilling.readUnits(0, consistent);
            }
            case "TransactGetItems" -> 2.0 * body.path("TransactItems").size();
            default -> 0;
        };
    }

    private static long storedSize(DynamoDbClient dynamo, String table, JsonNode key) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        key.fields().forEachRemaining(k -> {
            JsonNode typed = k.getValue();
            attributes.put(k.getKey(), typed.has("S") ? AttributeValue.fromS(typed.path("S").asText())
                    : AttributeValue.fromN(typed.path("N").asText()));
        });
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(attributes)
                .consistentRead(true)).item();
        ObjectNode json = JSON.createObjectNode();
        item.forEach((name, value) -> json.set(name, typed(value)));
        return DynamoDbBilling.itemSize(json);
    }

    private static JsonNode typed(AttributeValue value) {
        ObjectNode typed = JSON.createObjectNode();
        switch (value.type()) {
            case S -> typed.put("S", value.s());
            case N -> typed.put("N", value.n());
            case B -> typed.put("B", java.util.Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> typed.put("BOOL", value.bool());
            case NUL -> typed.put("NULL", true);
            case SS -> value.ss().forEach(typed.putArray("SS")::add);
            case NS -> value.ns().forEach(typed.putArray("NS")::add);
            case L -> value.l().forEach(element -> typed.withArray("L").add(typed(element)));
            case M -> {
                ObjectNode map = typed.putObject("M");
                value.m().forEach((k, v) -> map.set(k, typed(v)));
            }
            default -> throw new IllegalArgumentException("unexpected attribute type " + value.type());
        }
        return typed;
    }

    private void report(List<Measured> measured) throws IOException {
        Map<String, RequestProfile> profiles = new LinkedHashMap<>();
        for (Measured m : measured) {
            profiles.put(m.kind().name(), m.profile());
        }
        // The approval workflow runs outside the function: its state machine's approved path
        // (NotifyApprovers, RecordApproved, Approved), its queue (send, receive, delete) and the
        // decision it writes on the approvals item.
        RequestProfile held = profiles.get("SQL statement, held for approval");
        profiles.put("SQL statement, held, with its approval workflow", held.plusWorkflow(3, 3, 1));
        Map<RequestProfile, Double> shares = new LinkedHashMap<>();
        shares.put(profiles.get("SQL select, allowed and masked"), 0.60);
        shares.put(profiles.get("AWS call, allowed (POST /v1/aws)"), 0.25);
        shares.put(profiles.get("SQL statement, denied"), 0.10);
        shares.put(profiles.get("SQL statement, held, with its approval workflow"), 0.04);
        shares.put(profiles.get("token exchange (POST /v1/token)"), 0.01);
        profiles.put("mix: 60% select, 25% AWS, 10% denied, 4% held, 1% token exchange",
                RequestProfile.mix("mix", shares));

        ObjectNode root = JSON.createObjectNode();
        root.put("measuredAt", Instant.now().toString());
        root.put("machine", "%s %s, %d cores, load average %s, Java %s; the function's JVM warm, DynamoDB, KMS and STS on moto_server, handler time as timed by the local Runtime API"
                .formatted(System.getProperty("os.name"), System.getProperty("os.arch"),
                        Runtime.getRuntime().availableProcessors(), loadAverage(), System.getProperty("java.version")));
        root.put("functionZipBytes", Files.size(PackagedGateway.zip()));
        root.put("memoryMb", MEMORY_MB);
        root.put("warmUpRequestsPerKind", WARM_UP);
        root.put("measuredRequestsPerKind", MEASURED);
        root.put("coldStartMillis", packaged.coldStartMillis());
        ArrayNode kinds = root.putArray("kinds");
        for (Measured m : measured) {
            ObjectNode kind = kinds.addObject();
            kind.put("kind", m.kind().name());
            kind.put("status", m.kind().expectedStatus());
            kind.put("handlerMillisMedian", round(m.millis(0.5)));
            kind.put("handlerMillisP95", round(m.millis(0.95)));
            kind.put("billedMillisMean", round(m.profile().lambdaBilledMillis()));
            kind.put("dynamoDbWriteUnits", round(m.writeUnits()));
            kind.put("dynamoDbStoredBytes", Math.round(m.storedBytes()));
            kind.put("dynamoDbReadUnits", round(m.readUnits()));
            kind.put("revocationRefreshQueries", round(m.revocationRefreshes()));
            kind.put("stsAssumeRole", round(m.stsCalls()));
            kind.put("kmsSymmetric", round(m.kmsSymmetric()));
            kind.put("kmsAsymmetric", round(m.kmsAsymmetric()));
            kind.put("logBytes", Math.round(m.logBytes()));
            kind.put("maxResponseBytes", m.maxResponseBytes());
            ObjectNode awsCalls = kind.putObject("awsCallsPerRequest");
            m.callsPerRequest().forEach((call, n) -> awsCalls.put(call, round(n)));
            ObjectNode warmUp = kind.putObject("awsCallsOfTheWarmUp");
            m.warmUpCalls().forEach(warmUp::put);
        }
        ArrayNode costs = root.putArray("costPerMillion");
        for (RequestProfile profile : profiles.values()) {
            for (RequestCost.Architecture architecture : RequestCost.Architecture.values()) {
                RequestCost.Estimate estimate = RequestCost.perMillion(profile, MEMORY_MB, architecture,
                        RequestCost.Prices.US_EAST_1);
                ObjectNode cost = costs.addObject();
                cost.put("kind", profiles.entrySet().stream().filter(e -> e.getValue() == profile).findFirst()
                        .orElseThrow().getKey());
                cost.put("architecture", architecture.name().toLowerCase(Locale.ROOT));
                cost.put("total", round(estimate.dollarsPerMillion()));
                ObjectNode lines = cost.putObject("lines");
                estimate.lines().forEach(line -> lines.put(line.item(), round(line.dollarsPerMillion())));
            }
        }
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("request-profile.json"), JSON.writeValueAsString(root));
        String markdown = markdown(root, measured, profiles);
        Files.writeString(target.resolve("request-profile.md"), markdown);
        System.out.println(markdown);
        System.out.println("Written: " + target.toAbsolutePath().resolve("request-profile.json") + " and .md");
    }

    private static String markdown(ObjectNode root, List<Measured> measured, Map<String, RequestProfile> profiles) {
        StringBuilder md = new StringBuilder();
        md.append("Measured ").append(root.path("measuredAt").asText()).append(" on ")
                .append(root.path("machine").asText()).append("; ").append(MEASURED)
                .append(" warm requests per kind after ").append(WARM_UP).append(" warm-up requests.\n\n");
        md.append("| request | status | handler ms median | p95 | billed ms mean | DynamoDB WRU | RRU | bytes stored | STS AssumeRole | KMS sym | KMS asym | log bytes | AWS calls per request |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Measured m : measured) {
            md.append("| %s | %d | %.1f | %.1f | %.1f | %.2f | %.2f | %d | %.2f | %.2f | %.2f | %d | %s |\n".formatted(
                    m.kind().name(), m.kind().expectedStatus(), m.millis(0.5), m.millis(0.95),
                    m.profile().lambdaBilledMillis(), m.writeUnits(), m.readUnits(), Math.round(m.storedBytes()),
                    m.stsCalls(),
                    m.kmsSymmetric(), m.kmsAsymmetric(), Math.round(m.logBytes()),
                    m.callsPerRequest().entrySet().stream().map(e -> "%s %.2f".formatted(e.getKey(), e.getValue()))
                            .reduce((a, b) -> a + ", " + b).orElse("none")));
        }
        md.append("\nAWS calls of the ").append(WARM_UP).append(" warm-up requests (caches filling):\n\n");
        for (Measured m : measured) {
            md.append("- ").append(m.kind().name()).append(": ").append(m.warmUpCalls()).append('\n');
        }
        md.append("\nDollars per million requests, us-east-1, ").append(MEMORY_MB).append(" MB arm64 (x86_64 total in the last column):\n\n");
        List<String> items = RequestCost.perMillion(profiles.values().iterator().next(), MEMORY_MB,
                RequestCost.Architecture.ARM64, RequestCost.Prices.US_EAST_1).lines().stream()
                .map(RequestCost.Line::item).toList();
        md.append("| request | ").append(String.join(" | ", items)).append(" | total arm64 | total x86_64 |\n");
        md.append("|---|").append("---|".repeat(items.size() + 2)).append('\n');
        profiles.forEach((name, profile) -> {
            RequestCost.Estimate arm = RequestCost.perMillion(profile, MEMORY_MB, RequestCost.Architecture.ARM64,
                    RequestCost.Prices.US_EAST_1);
            RequestCost.Estimate x86 = RequestCost.perMillion(profile, MEMORY_MB, RequestCost.Architecture.X86_64,
                    RequestCost.Prices.US_EAST_1);
            md.append("| ").append(name).append(" | ");
            arm.lines().forEach(line -> md.append("%.2f | ".formatted(line.dollarsPerMillion())));
            md.append("**%.2f** | %.2f |\n".formatted(arm.dollarsPerMillion(), x86.dollarsPerMillion()));
        });
        return md.toString();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
