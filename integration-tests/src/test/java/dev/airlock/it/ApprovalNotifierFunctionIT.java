package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.SignedJWT;
import dev.airlock.aws.support.AirlockTables;
import dev.airlock.approvals.aws.ApprovalTaskTokens;
import dev.airlock.approvals.aws.DynamoDbApprovalStore;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.model.StatementKind;
import dev.airlock.testing.MotoServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
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
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged approval notifier {@code function.zip}, run by the Lambda runtime interface client
 * against a local Runtime API, on an SQS event whose record is what the workflow's NotifyApprovers
 * state sends: against moto's DynamoDB, KMS and SES it keeps the task token on the held request's
 * item and emails each approver of its group their own approve link to the gateway's public URL;
 * a bad record in the same batch is reported as a batch item failure, not failing the others.
 */
class ApprovalNotifierFunctionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUBLIC_URL = "https://airlock.example.com";
    private static final String SENDER = "airlock@example.com";
    private static final String TASK_TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAQ-task-token-of-the-it";
    /** Handed to the function as its AWS secret key: it must never show in the function's log. */
    private static final String SECRET_CANARY = Canaries.awsSecretKey();

    @TempDir
    static Path dir;
    static MotoServer moto;
    static DynamoDbClient dynamo;
    static KmsClient kms;
    static SesV2Client ses;
    static final Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(testing()).httpClient(UrlConnectionHttpClient.create()).build();
        kms = KmsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(testing()).httpClient(UrlConnectionHttpClient.create()).build();
        ses = SesV2Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(testing()).httpClient(UrlConnectionHttpClient.create()).build();
        AirlockTables.DEFAULT.createIfMissing(dynamo);
        String keyId = kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata().keyId();
        kms.createAlias(b -> b.aliasName("alias/airlock-token").targetKeyId(keyId));
        ses.createEmailIdentity(b -> b.emailIdentity(SENDER));

        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_CANARY);
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "airlock-approval-notifier");
        // The tables are left to their defaults (airlock-approvals, airlock-audit).
        env.put("AIRLOCK_TOKEN_KMS_KEY_ID", "alias/airlock-token");
        env.put("AIRLOCK_TOKEN_ISSUER", PUBLIC_URL);
        env.put("AIRLOCK_PUBLIC_URL", PUBLIC_URL);
        env.put("AIRLOCK_APPROVAL_SENDER", SENDER);
    }

    @AfterAll
    static void stop() {
        Closing.quietly(ses, kms, dynamo, moto);
    }

    private static StaticCredentialsProvider testing() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    private static Path zip() {
        return Path.of(System.getProperty("airlock.notifier.function.zip"));
    }

    /** The body NotifyApprovers sends (infra/approval-workflow.asl.json), with its task token. */
    private static String notice(PendingRequest held) {
        ObjectNode body = JSON.createObjectNode().put("type", "airlock.approval.requested")
                .put("requestId", held.requestId()).put("agentId", held.agentId())
                .put("target", held.target()).put("summary", "DELETE FROM customers WHERE id = ?")
                .put("expiresInSeconds", 3600).put("taskToken", TASK_TOKEN);
        return body.toString();
    }

    private static String sqsEvent(String... messageIdsAndBodies) {
        ObjectNode event = JSON.createObjectNode();
        var records = event.putArray("Records");
        for (int i = 0; i < messageIdsAndBodies.length; i += 2) {
            records.addObject().put("messageId", messageIdsAndBodies[i]).put("receiptHandle", "handle-" + i)
                    .put("body", messageIdsAndBodies[i + 1]).put("md5OfBody", "")
                    .put("eventSource", "aws:sqs")
                    .put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:airlock-approvals")
                    .put("awsRegion", "us-east-1")
                    .putObject("attributes").put("ApproximateReceiveCount", "1")
                    .put("SentTimestamp", "1764035000000");
        }
        return event.toString();
    }

    /** Raw messages moto's SES holds, as its data.json lists them. */
    private static List<JsonNode> sentMessages() throws Exception {
        JsonNode data = JSON.readTree(moto.get("/moto-api/data.json"));
        List<JsonNode> messages = new ArrayList<>();
        for (String service : List.of("ses", "sesv2")) {
            data.path(service).path("RawMessage").forEach(messages::add);
        }
        return messages;
    }

    private static String textPart(MimeMessage message) throws Exception {
        Multipart multipart = (Multipart) message.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no text/plain part");
    }

    @Test
    void notifier_keepsTheTaskTokenAndEmailsEachApproverAnApproveLink_andReportsOnlyTheBadRecord() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        PendingRequest held = new PendingRequest("it-notifier-0001", "ops-bot",
                new SqlRequest("demo", "delete from customers where id = ?", List.of(42)), "ab".repeat(32),
                StatementKind.DELETE, RiskClass.WRITE, List.of("customers-delete-needs-approval"),
                List.of(new ApprovalRequirement("dba", 1, Duration.ofHours(1), Duration.ofMinutes(15))), now,
                now.plus(Duration.ofHours(1)));
        new DynamoDbApprovalStore(dynamo, AirlockTables.DEFAULT.approvals()).hold(held);

        String event = sqsEvent("msg-good", notice(held), "msg-bad", "{\"type\":\"something-else\"}");
        JsonNode response;
        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             PackagedFunction function = PackagedFunction.start(zip(), dir.resolve("task"), api.address(), env)) {
            try {
                response = JSON.readTree(api.invoke(event, Duration.ofSeconds(60)));
            } catch (RuntimeException e) {
                throw new AssertionError("The notifier function did not answer; its log:\n" + function.log(), e);
            }
            String log = function.log();
            assertThat(response.path("batchItemFailures")).as(log).hasSize(1);
            assertThat(response.path("batchItemFailures").get(0).path("itemIdentifier").asText()).isEqualTo("msg-bad");
            assertThat(log).doesNotContain(SECRET_CANARY).doesNotContain(TASK_TOKEN).doesNotContain("token=");
        }

        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(AirlockTables.DEFAULT.approvals())
                .consistentRead(true).key(Map.of("requestId", AttributeValue.fromS(held.requestId())))).item();
        assertThat(item.get(ApprovalTaskTokens.ATTRIBUTE).s()).isEqualTo(TASK_TOKEN);

        List<JsonNode> sent = sentMessages();
        assertThat(sent).hasSize(2);
        List<String> recipients = new ArrayList<>();
        Pattern approve = Pattern.compile("Approve: (\\S+)");
        for (JsonNode raw : sent) {
            assertThat(raw.path("source").asText()).isEqualTo(SENDER);
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(raw.path("raw_data").asText().getBytes(StandardCharsets.UTF_8)));
            String to = message.getRecipients(RecipientType.TO)[0].toString();
            recipients.add(to);
            String text = textPart(message);
            Matcher link = approve.matcher(text);
            assertThat(link.find()).as(text).isTrue();
            String prefix = PUBLIC_URL + "/approvals/" + held.requestId() + "?token=";
            assertThat(link.group(1)).startsWith(prefix);
            SignedJWT token = SignedJWT.parse(link.group(1).substring(prefix.length()));
            assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo(to.substring(0, to.indexOf('@')));
            assertThat(token.getJWTClaimsSet().getStringClaim("act")).isEqualTo("approve");
        }
        assertThat(recipients).containsExactlyInAnyOrder("alice@example.com", "bob@example.com");
    }
}
