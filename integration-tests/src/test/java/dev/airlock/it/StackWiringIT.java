package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.approvals.aws.DynamoDbApprovalStore;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.model.StatementKind;
import dev.airlock.infra.AirlockStackProps;
import dev.airlock.infra.AirlockTemplates;
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
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wire between the CDK stack and the code: each function's environment is taken from the
 * synthesized template, every reference in it is replaced by a resource created on moto_server
 * from the template's own definition, and the function's real {@code function.zip} is started
 * with it, as Lambda would. It must initialise and answer a request. Since every function refuses
 * to start on an {@code AIRLOCK_*} variable it does not read, and on a required one missing, a
 * setting renamed on either side fails here rather than in an operator's first deployment.
 */
class StackWiringIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SENDER = "airlock@example.com";
    private static final String AWS_TARGETS = """
            {"targets":[{"name":"aws-sandbox","region":"us-east-1","accountId":"123456789012",
              "roleArn":"arn:aws:iam::123456789012:role/airlock-target"}]}""";
    private static final String SCHEDULED_EVENT = """
            {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event",
             "source":"aws.events","account":"123456789012","time":"2026-11-24T10:05:00Z","region":"us-east-1",
             "resources":["arn:aws:events:us-east-1:123456789012:rule/airlock-audit-upkeep"],"detail":{}}""";

    @TempDir
    static Path dir;
    static MotoServer moto;
    static StackOnMoto stack;

    @BeforeAll
    static void standUp() {
        moto = MotoServer.start();
        String pseudonymKey;
        try (SecretsManagerClient secrets = SecretsManagerClient.builder().endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            pseudonymKey = secrets.createSecret(b -> b.name("airlock/pseudonym-key")
                    .secretString(java.util.Base64.getEncoder().encodeToString(key))).arn();
        }
        Path repoRoot = AirlockStackProps.findRepoRoot(Path.of("").toAbsolutePath());
        JsonNode template = AirlockTemplates.synthesize(AirlockStackProps.builder().repoRoot(repoRoot)
                .tokenIssuer("https://airlock.example.com").awsTargetsJson(AWS_TARGETS)
                .pseudonymKeySecretArn(pseudonymKey).build());
        stack = new StackOnMoto(template, repoRoot, moto.endpoint(), Map.of("ApprovalSenderEmail", SENDER));
        // docs/deploy.md: the operator verifies the sender in SES before the first approval email.
        try (SesV2Client ses = SesV2Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            ses.createEmailIdentity(b -> b.emailIdentity(SENDER));
        }
    }

    @AfterAll
    static void tearDown() {
        Closing.quietly(stack, moto);
    }

    /** The one function whose logical id starts with the construct id the stack gives it. */
    private static String function(String constructId) {
        List<String> matches = stack.resourcesOfType("AWS::Lambda::Function").stream()
                .filter(id -> id.startsWith(constructId)).toList();
        assertThat(matches).as("functions named " + constructId + "*").hasSize(1);
        return matches.get(0);
    }

    /** The environment Lambda gives the function: the stack's, plus what the runtime itself sets. */
    private static Map<String, String> lambdaEnvironment(String functionId) {
        Map<String, String> env = new HashMap<>(stack.environmentOf(functionId));
        env.put("AWS_REGION", StackOnMoto.REGION);
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", Canaries.awsSecretKey());
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionId);
        return env;
    }

    private static Path zip(String property) {
        return Path.of(System.getProperty(property));
    }

    private static String answer(PackagedFunction function, LambdaRuntimeApi api, String event) {
        try {
            return api.invoke(event, Duration.ofSeconds(90));
        } catch (RuntimeException e) {
            throw new AssertionError("The function did not answer; its log:\n" + function.log(), e);
        }
    }

    @Test
    void gateway_startsWithTheStacksEnvironment_andServesTheTokenKeyFromTheStacksKmsKey() throws Exception {
        Map<String, String> env = lambdaEnvironment(function("Gateway"));
        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             PackagedFunction gateway = PackagedFunction.start(zip("airlock.function.zip"), dir.resolve("gateway"),
                     api.address(), env)) {
            HttpApiEvents.Answer jwks = HttpApiEvents.invoke(api, "GET", "/.well-known/jwks.json", Map.of(), null);

            assertThat(jwks.status()).as(gateway.log()).isEqualTo(200);
            JsonNode keys = JSON.readTree(jwks.text()).path("keys");
            assertThat(keys).as("the stack's token key, read from KMS").isNotEmpty();
            assertThat(keys.get(0).path("crv").asText()).isEqualTo("P-256");

            HttpApiEvents.Answer anonymous = HttpApiEvents.invoke(api, "POST", "/v1/aws",
                    Map.of("content-type", "application/json"),
                    "{\"target\":\"aws-sandbox\",\"service\":\"s3\",\"operation\":\"ListBuckets\",\"input\":{}}");
            assertThat(anonymous.status()).as(gateway.log()).isEqualTo(401);
            assertThat(gateway.log()).doesNotContain(Canaries.awsSecretKey());
        }
    }

    @Test
    void auditUpkeep_startsWithTheStacksEnvironment_andRunsOnItsSchedulesEvent() throws Exception {
        String upkeep = function("AuditUpkeep");
        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             PackagedFunction function = PackagedFunction.start(zip("airlock.upkeep.function.zip"),
                     dir.resolve("upkeep"), api.address(), lambdaEnvironment(upkeep))) {
            JsonNode result = JSON.readTree(answer(function, api, SCHEDULED_EVENT));

            assertThat(result.has("reconciled")).as(function.log()).isTrue();
            assertThat(result.path("reconciled").asInt()).isZero();
        }
    }

    @Test
    void approvalNotifier_startsWithTheStacksEnvironment_andEmailsFromTheStacksSender() throws Exception {
        Map<String, String> env = lambdaEnvironment(function("ApprovalNotifier"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        PendingRequest held = new PendingRequest("it-wiring-0001", "ops-bot",
                new SqlRequest("demo", "delete from customers where id = ?", List.of(42)), "ab".repeat(32),
                StatementKind.DELETE, RiskClass.WRITE, List.of("customers-delete-needs-approval"),
                List.of(new ApprovalRequirement("dba", 1, Duration.ofHours(1), Duration.ofMinutes(15))), now,
                now.plus(Duration.ofHours(1)));
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build()) {
            new DynamoDbApprovalStore(dynamo, env.get("AIRLOCK_APPROVALS_TABLE")).hold(held);
        }
        ObjectNode notice = JSON.createObjectNode().put("type", "airlock.approval.requested")
                .put("requestId", held.requestId()).put("agentId", held.agentId()).put("target", held.target())
                .put("summary", "DELETE FROM customers WHERE id = ?").put("expiresInSeconds", 3600)
                .put("taskToken", "wiring-task-token");
        ObjectNode event = JSON.createObjectNode();
        event.putArray("Records").addObject().put("messageId", "msg-1").put("receiptHandle", "handle-1")
                .put("body", notice.toString()).put("eventSource", "aws:sqs").put("awsRegion", "us-east-1");

        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             PackagedFunction function = PackagedFunction.start(zip("airlock.notifier.function.zip"),
                     dir.resolve("notifier"), api.address(), env)) {
            JsonNode result = JSON.readTree(answer(function, api, event.toString()));

            assertThat(result.path("batchItemFailures")).as(function.log()).isEmpty();
        }
        JsonNode sent = JSON.readTree(moto.get("/moto-api/data.json"));
        List<String> senders = new java.util.ArrayList<>();
        for (String service : List.of("ses", "sesv2")) {
            sent.path(service).path("RawMessage").forEach(m -> senders.add(m.path("source").asText()));
        }
        assertThat(senders).as("approval emails from the stack's ApprovalSenderEmail").isNotEmpty()
                .allMatch(SENDER::equals);
    }

    @Test
    void gateway_whenTheStackSetsAVariableTheFunctionDoesNotRead_refusesToStartAndNamesIt() throws Exception {
        Map<String, String> env = lambdaEnvironment(function("Gateway"));
        // As if the code had renamed the setting and the stack still set the old name.
        String stateMachine = env.remove("AIRLOCK_APPROVAL_STATE_MACHINE_ARN");
        assertThat(stateMachine).as("the stack wires the approval workflow into the gateway").isNotNull();
        env.put("AIRLOCK_APPROVAL_WORKFLOW_ARN", stateMachine);

        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             PackagedFunction gateway = PackagedFunction.start(zip("airlock.function.zip"),
                     dir.resolve("gateway-renamed"), api.address(), env)) {
            assertThatThrownBy(() -> api.invoke(HttpApiEvents.event("GET", "/health", Map.of(), null),
                    Duration.ofSeconds(90))).hasStackTraceContaining("failed to initialise");
            assertThat(gateway.log()).contains("AIRLOCK_APPROVAL_WORKFLOW_ARN");
        }
    }
}
