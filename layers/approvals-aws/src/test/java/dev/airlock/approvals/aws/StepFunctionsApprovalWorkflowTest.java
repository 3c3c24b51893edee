package dev.airlock.approvals.aws;

import dev.airlock.aws.support.AirlockTables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.ApproverDecision;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.port.ApprovalWorkflow;
import dev.airlock.core.port.ApprovalWorkflowException;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The approval state machine of {@code infra/approval-workflow.asl.json}, executed by moto_server's
 * Step Functions interpreter: the notice goes through a real SQS queue, the token through the
 * approvals table, the decision back through SendTaskSuccess / SendTaskFailure, and the workflow's
 * own DynamoDB writes land on the item. moto 5.2.1 fails a second StartExecution in one server
 * (moto issue 10077), so every test starts from {@code /moto-api/reset} (which also clears the
 * execute_state_machine setting: it is applied again) and runs at most one execution.
 */
class StepFunctionsApprovalWorkflowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = AirlockTables.DEFAULT.approvals();
    private static final String ROLE = "arn:aws:iam::123456789012:role/airlock-approval-workflow";

    private static MotoServer moto;
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private SfnClient sfn;
    private String queueUrl;
    private String stateMachineArn;
    private ApprovalTaskTokens tokens;
    private StepFunctionsApprovalWorkflow workflow;
    private ApprovalQueueConsumer consumer;
    private final List<ApprovalWorkflow.Notice> told = new ArrayList<>();

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    @BeforeEach
    void resetMoto() {
        moto.post("/moto-api/reset", "");
        moto.post("/moto-api/config", "{\"stepfunctions\":{\"execute_state_machine\":true}}");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        sfn = SfnClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        AirlockTables.DEFAULT.createIfMissing(dynamo);
        queueUrl = sqs.createQueue(b -> b.queueName("airlock-approval-notices")).queueUrl();
        String definition = ApprovalWorkflowDefinition.substituted(Map.of(
                "ApprovalQueueUrl", queueUrl, "ApprovalsTable", TABLE));
        stateMachineArn = sfn.createStateMachine(b -> b.name("airlock-approval").definition(definition).roleArn(ROLE))
                .stateMachineArn();
        tokens = new ApprovalTaskTokens(dynamo, TABLE);
        workflow = new StepFunctionsApprovalWorkflow(sfn, stateMachineArn, tokens);
        consumer = new ApprovalQueueConsumer(tokens, told::add);
    }

    @AfterEach
    void closeClients() {
        sfn.close();
        sqs.close();
        dynamo.close();
    }

    @Test
    void approvedEndsSucceededAndRecordsTheApprover() throws Exception {
        hold("req-approve-1");
        workflow.start(notice("req-approve-1", Duration.ofMinutes(5)));

        List<ApprovalWorkflow.Notice> notices = consumer.drain(sqs, queueUrl, Duration.ofSeconds(10));
        assertThat(notices).extracting(ApprovalWorkflow.Notice::requestId).containsExactly("req-approve-1");
        assertThat(told).isEqualTo(notices);
        assertThat(told.getFirst().summary()).isEqualTo("DELETE FROM orders WHERE id = ?");
        assertThat(tokens.find("req-approve-1")).isPresent();

        workflow.approved("req-approve-1", "alice");

        DescribeExecutionResponse execution = awaitEnd("req-approve-1");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = JSON.readTree(execution.output());
        assertThat(output.path("decision").asText()).isEqualTo("APPROVED");
        assertThat(output.path("approverId").asText()).isEqualTo("alice");
        Map<String, AttributeValue> item = item("req-approve-1");
        assertThat(item.get("workflowDecision").s()).isEqualTo("APPROVED");
        assertThat(item.get("workflowDecidedBy").s()).isEqualTo("alice");
        assertThat(item).containsKey("workflowDecidedAt");
        // The store owns status for approvals (N of M, self-approval): the workflow leaves it alone.
        assertThat(item.get("status").s()).isEqualTo("PENDING");
        assertThat(item).doesNotContainKey(ApprovalTaskTokens.ATTRIBUTE);
    }

    @Test
    void deniedEndsFailedWithAirlockDeniedAndRecordsIt() {
        hold("req-deny-1");
        workflow.start(notice("req-deny-1", Duration.ofMinutes(5)));
        consumer.drain(sqs, queueUrl, Duration.ofSeconds(10));

        workflow.denied("req-deny-1", "bob", "not during the freeze");

        DescribeExecutionResponse execution = awaitEnd("req-deny-1");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo(StepFunctionsApprovalWorkflow.DENIED_ERROR);
        Map<String, AttributeValue> item = item("req-deny-1");
        assertThat(item.get("workflowDecision").s()).isEqualTo("DENIED");
        assertThat(item.get("status").s()).isEqualTo("PENDING");
        assertThat(item).doesNotContainKey(ApprovalTaskTokens.ATTRIBUTE);
    }

    @Test
    void nobodyDecidingExpiresTheRequestAtTheTimeoutFromTheInput() {
        hold("req-expire-1");
        Instant started = Instant.now();
        workflow.start(notice("req-expire-1", Duration.ofSeconds(2)));
        consumer.drain(sqs, queueUrl, Duration.ofSeconds(10));
        TaskToken token = tokens.find("req-expire-1").orElseThrow();

        DescribeExecutionResponse execution = awaitEnd("req-expire-1");
        assertThat(Duration.between(started, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("Airlock.Expired");
        Map<String, AttributeValue> item = item("req-expire-1");
        assertThat(item.get("status").s()).isEqualTo("EXPIRED");
        assertThat(item.get("workflowDecision").s()).isEqualTo("EXPIRED");
        // Like the store's own conditional writes, the move bumps the item's version.
        assertThat(item.get("version").n()).isEqualTo("1");

        // A late approval is refused with a clear reason, and the token never shows in it.
        assertThatThrownBy(() -> workflow.approved("req-expire-1", "alice"))
                .isInstanceOfSatisfying(ApprovalWorkflowException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ApprovalWorkflowException.Reason.NOT_WAITING);
                    assertThat(e.getMessage()).contains("req-expire-1").doesNotContain(token.value());
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void aTimeoutOnARequestTheStoreAlreadyMovedLeavesTheItemAlone() {
        hold("req-race-1");
        workflow.start(notice("req-race-1", Duration.ofSeconds(1)));
        consumer.drain(sqs, queueUrl, Duration.ofSeconds(10));
        dynamo.updateItem(b -> b.tableName(TABLE).key(Map.of("requestId", AttributeValue.fromS("req-race-1")))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("APPROVED"))));

        DescribeExecutionResponse execution = awaitEnd("req-race-1");
        assertThat(execution.error()).isEqualTo("Airlock.AlreadyDecided");
        assertThat(item("req-race-1").get("status").s()).isEqualTo("APPROVED");
        assertThat(item("req-race-1")).doesNotContainKey("workflowDecision");
    }

    @Test
    void aDecisionBeforeTheNoticeArrivedSaysToRetry() {
        hold("req-early-1");
        workflow.start(notice("req-early-1", Duration.ofMinutes(5)));

        assertThatThrownBy(() -> workflow.approved("req-early-1", "alice"))
                .isInstanceOfSatisfying(ApprovalWorkflowException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ApprovalWorkflowException.Reason.NOT_READY);
                    assertThat(e.getMessage()).contains("req-early-1").contains("Retry");
                });
    }

    @Test
    void aMissingStateMachineSaysWhatToDeploy() {
        var missing = new StepFunctionsApprovalWorkflow(sfn,
                "arn:aws:states:us-east-1:123456789012:stateMachine:not-deployed", tokens);
        assertThatThrownBy(() -> missing.start(notice("req-missing-1", Duration.ofMinutes(5))))
                .isInstanceOfSatisfying(ApprovalWorkflowException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ApprovalWorkflowException.Reason.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("not-deployed").contains("deploy");
                });
    }

    @Test
    void withTheApprovalStore_anApprovalRecordedThereThenSentToTheWorkflowEndsBothApproved() throws Exception {
        DynamoDbApprovalStore store = new DynamoDbApprovalStore(dynamo, TABLE);
        PendingRequest pending = pending("req-store-approve-1", Duration.ofMinutes(5));
        store.hold(pending);
        workflow.start(notice(pending.requestId(), Duration.ofMinutes(5)));
        consumer.drain(sqs, queueUrl, Duration.ofSeconds(10));

        Instant now = Instant.now();
        assertThat(store.recordApproval(pending.requestId(), 0, new ApproverDecision("dba-1", List.of("dba"), now),
                Optional.of(now.plus(Duration.ofMinutes(15))))).isPresent();
        workflow.approved(pending.requestId(), "dba-1");

        assertThat(awaitEnd(pending.requestId()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        ApprovalRecord record = store.find(pending.requestId()).orElseThrow();
        assertThat(record.state()).isEqualTo(ApprovalState.APPROVED);
        assertThat(item(pending.requestId()).get("workflowDecision").s()).isEqualTo("APPROVED");
        // The workflow's write did not disturb the store's versioned transitions.
        assertThat(store.claimExecution(pending.requestId(), Instant.now())).isTrue();
    }

    @Test
    void withTheApprovalStore_theWorkflowsTimeoutLeavesARecordTheStoreReadsAsExpired() {
        DynamoDbApprovalStore store = new DynamoDbApprovalStore(dynamo, TABLE);
        PendingRequest pending = pending("req-store-expire-1", Duration.ofSeconds(2));
        store.hold(pending);
        workflow.start(notice(pending.requestId(), Duration.ofSeconds(2)));
        consumer.drain(sqs, queueUrl, Duration.ofSeconds(10));

        assertThat(awaitEnd(pending.requestId()).error()).isEqualTo("Airlock.Expired");
        ApprovalRecord record = store.find(pending.requestId()).orElseThrow();
        assertThat(record.state()).isEqualTo(ApprovalState.EXPIRED);
        assertThat(record.version()).isEqualTo(1);
        assertThat(record.updatedAt()).isAfter(pending.createdAt());
        // Nothing can approve it any more, through the store or the workflow.
        assertThat(store.recordApproval(pending.requestId(), 1, new ApproverDecision("dba-1", List.of("dba"),
                Instant.now()), Optional.empty())).isEmpty();
    }

    private static PendingRequest pending(String id, Duration waitFor) {
        Instant now = Instant.now();
        return new PendingRequest(id, "ops-bot", new SqlRequest("orders-db", "delete from orders where id = ?",
                List.of(42L)), "sha-" + id, StatementKind.DELETE, RiskClass.WRITE, List.of("ops-bot-deletes-with-approval"),
                List.of(new ApprovalRequirement("dba", 1, waitFor, Duration.ofMinutes(15))), now, now.plus(waitFor));
    }

    private static ApprovalWorkflow.Notice notice(String requestId, Duration waitFor) {
        return new ApprovalWorkflow.Notice(requestId, "ops-bot", "orders-db", "DELETE FROM orders WHERE id = ?",
                waitFor);
    }

    /** The item the approval store writes when it holds a request (only the attributes the workflow reads). */
    private void hold(String requestId) {
        dynamo.putItem(b -> b.tableName(TABLE).item(Map.of(
                "requestId", AttributeValue.fromS(requestId),
                "status", AttributeValue.fromS("PENDING"))));
    }

    private Map<String, AttributeValue> item(String requestId) {
        return dynamo.getItem(b -> b.tableName(TABLE).consistentRead(true)
                .key(Map.of("requestId", AttributeValue.fromS(requestId)))).item();
    }

    private DescribeExecutionResponse awaitEnd(String requestId) {
        String executionArn = stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + requestId;
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(executionArn));
            if (execution.status() != ExecutionStatus.RUNNING || Instant.now().isAfter(deadline)) {
                return execution;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
