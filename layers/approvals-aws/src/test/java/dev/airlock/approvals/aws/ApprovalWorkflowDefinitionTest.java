package dev.airlock.approvals.aws;

import dev.airlock.aws.support.AwsClients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.Test;




import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shape of {@code infra/approval-workflow.asl.json}, the one definition CDK deploys and the tests run. */
class ApprovalWorkflowDefinitionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SUBSTITUTIONS = Map.of(
            "ApprovalQueueUrl", "https://sqs.us-east-1.amazonaws.com/123456789012/airlock-approval-notices",
            "ApprovalsTable", "airlock-approvals");

    private static JsonNode definition() throws Exception {
        return JSON.readTree(ApprovalWorkflowDefinition.substituted(SUBSTITUTIONS));
    }

    @Test
    void everyPlaceholderIsDocumentedInTheInfraReadme() throws Exception {
        assertThat(ApprovalWorkflowDefinition.placeholders()).containsExactlyInAnyOrderElementsOf(SUBSTITUTIONS.keySet());
        String readme = Files.readString(ApprovalWorkflowDefinition.FILE.resolveSibling("README.md"));
        for (String name : ApprovalWorkflowDefinition.placeholders()) {
            assertThat(readme).contains("${" + name + "}");
        }
        assertThat(ApprovalWorkflowDefinition.substituted(SUBSTITUTIONS)).doesNotContain("${");
    }

    @Test
    void notifiesThroughSqsAndWaitsOnATaskTokenForTheRequestsOwnTimeout() throws Exception {
        JsonNode notify = definition().path("States").path(definition().path("StartAt").asText());
        assertThat(notify.path("Resource").asText()).isEqualTo("arn:aws:states:::sqs:sendMessage.waitForTaskToken");
        assertThat(notify.path("TimeoutSecondsPath").asText()).isEqualTo("$.expiresInSeconds");
        JsonNode body = notify.path("Parameters").path("MessageBody");
        assertThat(body.path("taskToken.$").asText()).isEqualTo("$$.Task.Token");
        assertThat(body.path("requestId.$").asText()).isEqualTo("$.requestId");
        assertThat(body.path("summary.$").asText()).isEqualTo("$.summary");
        assertThat(body.path("type").asText()).isEqualTo(ApprovalQueueConsumer.NOTICE_TYPE);

        // Catchers are tried in order: timeout and denial before the catch-all.
        List<String> caught = new ArrayList<>();
        notify.path("Catch").forEach(c -> caught.add(c.path("ErrorEquals").get(0).asText() + "->" + c.path("Next").asText()));
        assertThat(caught).containsExactly("States.Timeout->RecordExpired", "Airlock.Denied->RecordDenied",
                "States.ALL->NotificationFailed");
        assertThat(caught.get(1)).startsWith(StepFunctionsApprovalWorkflow.DENIED_ERROR);
        assertThat(notify.path("Next").asText()).isEqualTo("RecordApproved");
    }

    @Test
    void retriesOnlyTransientErrorsSoADenialOrTimeoutIsNeverRetried() throws Exception {
        definition().path("States").properties().forEach(state -> state.getValue().path("Retry").forEach(retrier ->
                retrier.path("ErrorEquals").forEach(error -> assertThat(error.asText())
                        .as(state.getKey()).isNotIn("States.ALL", "States.TaskFailed", "States.Timeout",
                                "Airlock.Denied", "DynamoDB.ConditionalCheckFailedException"))));
    }

    @Test
    void eachDecisionIsRecordedOnceWithAConditionalUpdateAndEndsInAStateNamedForIt() throws Exception {
        JsonNode states = definition().path("States");
        Map<String, String> recordThenEnd = Map.of("RecordApproved", "Approved", "RecordDenied", "Denied",
                "RecordExpired", "Expired");
        recordThenEnd.forEach((record, end) -> {
            JsonNode task = states.path(record);
            assertThat(task.path("Resource").asText()).as(record).isEqualTo("arn:aws:states:::dynamodb:updateItem");
            assertThat(task.path("Parameters").path("TableName").asText()).isEqualTo("airlock-approvals");
            assertThat(task.path("Parameters").path("ConditionExpression").asText()).as(record)
                    .contains("attribute_not_exists(#decision)");
            assertThat(task.path("Catch").get(0).path("ErrorEquals").get(0).asText())
                    .isEqualTo("DynamoDB.ConditionalCheckFailedException");
            assertThat(task.path("Catch").get(0).path("Next").asText()).isEqualTo("AlreadyDecided");
            assertThat(task.path("Next").asText()).isEqualTo(end);
        });
        assertThat(states.path("RecordExpired").path("Parameters").path("ConditionExpression").asText())
                .contains("#status = :pending");
        assertThat(states.path("Approved").path("Type").asText()).isEqualTo("Succeed");
        assertThat(states.path("Denied").path("Error").asText()).isEqualTo("Airlock.Denied");
        assertThat(states.path("Expired").path("Error").asText()).isEqualTo("Airlock.Expired");
    }

    @Test
    void everyTransitionLeadsToAStateAndEveryStateIsReachable() throws Exception {
        JsonNode states = definition().path("States");
        Set<String> targets = new HashSet<>(Set.of(definition().path("StartAt").asText()));
        states.properties().forEach(state -> {
            state.getValue().findValues("Next").forEach(next -> targets.add(next.asText()));
            String type = state.getValue().path("Type").asText();
            boolean terminal = type.equals("Succeed") || type.equals("Fail") || state.getValue().path("End").asBoolean();
            assertThat(terminal || state.getValue().has("Next")).as(state.getKey()).isTrue();
        });
        Set<String> names = new HashSet<>();
        states.fieldNames().forEachRemaining(names::add);
        assertThat(targets).isEqualTo(names);
    }

    @Test
    void stepFunctionsAcceptsTheSubstitutedDefinitionAndRefusesABrokenOne() {
        try (MotoServer moto = MotoServer.start()) {
            moto.post("/moto-api/config", "{\"stepfunctions\":{\"execute_state_machine\":true}}");
            try (SfnClient sfn = AwsClients.emulator(SfnClient.builder(), moto.endpoint())) {
                String role = "arn:aws:iam::123456789012:role/airlock-approval-workflow";
                String arn = sfn.createStateMachine(b -> b.name("airlock-approval").roleArn(role)
                        .definition(ApprovalWorkflowDefinition.substituted(SUBSTITUTIONS))).stateMachineArn();
                assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition())
                        .contains("waitForTaskToken");
                // The check is real: the same parser refuses a definition with an unknown state type.
                String broken = ApprovalWorkflowDefinition.substituted(SUBSTITUTIONS)
                        .replace("\"Type\": \"Succeed\"", "\"Type\": \"Succeeds\"");
                assertThatThrownBy(() -> sfn.createStateMachine(b -> b.name("broken").roleArn(role).definition(broken)))
                        .isInstanceOfSatisfying(SfnException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.getMessage()).contains("Succeeds");
                        });
            }
        }
    }
}
