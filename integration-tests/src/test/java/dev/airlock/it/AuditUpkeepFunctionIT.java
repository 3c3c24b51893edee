package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.aws.support.AirlockTables;
import dev.airlock.audit.aws.DynamoDbAuditLog;
import dev.airlock.audit.aws.DynamoDbAuditVerifier;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The packaged audit upkeep {@code function.zip}, run by the Lambda runtime interface client
 * against a local Runtime API, on a schedule's event: against moto's DynamoDB and KMS it marks
 * the request left without an outcome past the grace as {@code OUTCOME_UNKNOWN}, leaves every
 * other record alone, and signs a digest with the KMS key that verifies with the key's public half.
 */
class AuditUpkeepFunctionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = AirlockTables.DEFAULT.audit();
    private static final String KEY_ALIAS = "alias/airlock-audit-digest";
    /** Handed to the function as its AWS secret key: it must never show in the function's log. */
    private static final String SECRET_CANARY = Canaries.awsSecretKey();
    /** EventBridge's scheduled event, as the schedule sends it; the function ignores its content. */
    private static final String SCHEDULED_EVENT = """
            {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event",
             "source":"aws.events","account":"123456789012","time":"2026-11-24T10:05:00Z","region":"us-east-1",
             "resources":["arn:aws:events:us-east-1:123456789012:rule/airlock-audit-upkeep"],"detail":{}}""";

    @TempDir
    static Path dir;
    static MotoServer moto;
    static DynamoDbClient dynamo;
    static KmsClient kms;
    static String keyId;
    static final Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(testing()).httpClient(UrlConnectionHttpClient.create()).build();
        kms = KmsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(testing()).httpClient(UrlConnectionHttpClient.create()).build();
        AirlockTables.DEFAULT.createIfMissing(dynamo);
        keyId = kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata().keyId();
        kms.createAlias(b -> b.aliasName(KEY_ALIAS).targetKeyId(keyId));

        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_CANARY);
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "airlock-audit-upkeep");
        // Table and grace are left to their defaults (airlock-audit, PT5M); the key is named by its alias.
        env.put("AIRLOCK_AUDIT_DIGEST_KEY_ID", KEY_ALIAS);
    }

    @AfterAll
    static void stop() {
        Closing.quietly(kms, dynamo, moto);
    }

    private static StaticCredentialsProvider testing() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    private static Path zip() {
        return Path.of(System.getProperty("airlock.upkeep.function.zip"));
    }

    private static AuditIntent intent(String requestId, Instant at) {
        return AuditIntent.builder(requestId, at)
                .agent(new AgentIdentity("reporting-bot", "jti-" + requestId, at, at.plusSeconds(900)))
                .target("demo").statement("select count(*) from orders", List.of(), "ab".repeat(32))
                .decision(PolicyDecision.allow(List.of("reporting-read-demo"), "allowed", List.of(), 1)).build();
    }

    private static Map<String, AttributeValue> record(String requestId, String phase) {
        return dynamo.getItem(b -> b.tableName(TABLE).consistentRead(true).key(Map.of(
                "requestId", AttributeValue.fromS(requestId), "phase", AttributeValue.fromS(phase)))).item();
    }

    private static JsonNode invoke(LambdaRuntimeApi api) throws Exception {
        return JSON.readTree(api.invoke(SCHEDULED_EVENT, Duration.ofSeconds(60)));
    }

    /** The function's output is read on another thread: give its last lines a moment to arrive. */
    private static String logOnceItHas(PackagedFunction function, String text) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(5);
        while (!function.log().contains(text) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        return function.log();
    }

    @Test
    void upkeep_marksTheAbandonedRequestSignsAVerifiableDigestAndThenHasNothingToDo() throws Exception {
        Instant now = Instant.now();
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, TABLE);
        // Abandoned: its gateway died ten minutes ago, between the intent and the outcome.
        log.recordIntent(intent("upkeep-abandoned", now.minus(Duration.ofMinutes(10))));
        // Complete requests, as old: they have their outcomes and must be left as they are.
        List<String> complete = List.of("upkeep-done-1", "upkeep-done-2", "upkeep-done-3");
        for (int i = 0; i < complete.size(); i++) {
            Instant at = now.minus(Duration.ofMinutes(12)).plusSeconds(i);
            log.recordIntent(intent(complete.get(i), at));
            log.recordOutcome(new AuditOutcome(complete.get(i), at.plusMillis(40), RequestStatus.COMPLETED, 40,
                    Optional.of(1), Optional.empty(), Map.of(), Optional.empty(), Optional.empty()));
        }
        // Still within the grace: it may be running right now, so it stays open.
        log.recordIntent(intent("upkeep-running", now.minus(Duration.ofSeconds(30))));
        Map<String, Map<String, AttributeValue>> before = new HashMap<>();
        for (String id : complete) {
            before.put(id + "/intent", record(id, "intent"));
            before.put(id + "/outcome", record(id, "outcome"));
        }

        GetPublicKeyResponse publicKey = kms.getPublicKey(b -> b.keyId(KEY_ALIAS));
        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             PackagedFunction function = PackagedFunction.start(zip(), dir.resolve("task"), api.address(), env)) {
            JsonNode first;
            try {
                first = invoke(api);
            } catch (RuntimeException e) {
                throw new AssertionError("The upkeep function did not answer; its log:\n" + function.log(), e);
            }

            assertThat(first.path("reconciled").asInt()).as(function.log()).isEqualTo(1);
            assertThat(first.path("digestSigned").asBoolean()).isTrue();
            // The key as KMS names it (its ARN in AWS; moto gives the key id), not the alias, which can move.
            assertThat(first.path("digestKeyId").asText()).isEqualTo(publicKey.keyId()).isEqualTo(keyId);
            Map<String, AttributeValue> unknown = record("upkeep-abandoned", "outcome");
            assertThat(unknown.get("status").s()).isEqualTo("OUTCOME_UNKNOWN");
            assertThat(record("upkeep-running", "outcome")).isEmpty();
            for (String id : complete) {
                assertThat(record(id, "intent")).isEqualTo(before.get(id + "/intent"));
                assertThat(record(id, "outcome")).isEqualTo(before.get(id + "/outcome"));
            }

            PublicKey key = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(publicKey.publicKey().asByteArray()));
            DynamoDbAuditVerifier.Report report = new DynamoDbAuditVerifier(dynamo, TABLE,
                    Map.of(first.path("digestKeyId").asText(), key)).verify();
            assertThat(report.problems()).isEmpty();
            assertThat(report.intact()).isTrue();
            assertThat(report.records()).isEqualTo(1 + 2 * complete.size() + 1 + 1);
            assertThat(report.digests()).isGreaterThanOrEqualTo(1);

            JsonNode second = invoke(api);

            assertThat(second.path("reconciled").asInt()).isZero();
            assertThat(second.path("digestSigned").asBoolean()).as("nothing was appended since").isFalse();
            assertThat(function.log()).contains("1 request marked OUTCOME_UNKNOWN")
                    .doesNotContain(SECRET_CANARY);
        }
    }

    @Test
    void upkeep_whenItsTableIsMissing_failsTheInvocationSoTheScheduleSeesIt() {
        Map<String, String> wrongTable = new HashMap<>(env);
        wrongTable.put("AIRLOCK_AUDIT_TABLE", "airlock-audit-not-there");
        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             PackagedFunction function = PackagedFunction.start(zip(), dir.resolve("task-no-table"), api.address(),
                     wrongTable)) {
            assertThatThrownBy(() -> api.invoke(SCHEDULED_EVENT, Duration.ofSeconds(60)))
                    .hasStackTraceContaining("function error")
                    .hasStackTraceContaining("Audit upkeep failed: reconciling requests without an outcome failed")
                    .hasStackTraceContaining("signing a digest of the chain heads failed");
            assertThat(function.log()).doesNotContain(SECRET_CANARY);
        }
    }

    @Test
    void upkeep_whenTheDigestKeyIsNotSet_failsItsInitAndSaysWhatToSet() throws Exception {
        Map<String, String> withoutKey = new HashMap<>(env);
        withoutKey.remove("AIRLOCK_AUDIT_DIGEST_KEY_ID");
        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             PackagedFunction keyless = PackagedFunction.start(zip(), dir.resolve("task-keyless"), api.address(),
                     withoutKey)) {
            assertThatThrownBy(() -> api.invoke(SCHEDULED_EVENT, Duration.ofSeconds(60)))
                    .hasStackTraceContaining("failed to initialise");
            assertThat(logOnceItHas(keyless, "AIRLOCK_AUDIT_DIGEST_KEY_ID")).contains("Set AIRLOCK_AUDIT_DIGEST_KEY_ID to the KMS key that signs audit "
                    + "digests").doesNotContain(SECRET_CANARY);
        }
    }
}
