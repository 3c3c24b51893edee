package dev.airlock.approvals.aws;

import dev.airlock.core.port.ApprovalWorkflow;
import dev.airlock.core.port.ApprovalWorkflowException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the approval workflow adapter refuses before any AWS call, and how it keeps the task token out of sight. */
class ApprovalTaskTokenHandlingTest {
    private final ApprovalQueueConsumer consumer = new ApprovalQueueConsumer(new ApprovalTaskTokens(null, "unused"),
            notice -> { });

    @Test
    void aRequestIdThatCannotNameAnExecutionIsRefusedBeforeCallingAws() {
        try (SfnClient sfn = SfnClient.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {
            var workflow = new StepFunctionsApprovalWorkflow(sfn, "arn:aws:states:us-east-1:1:stateMachine:x",
                    new ApprovalTaskTokens(null, "unused"));
            assertThatThrownBy(() -> workflow.start(new ApprovalWorkflow.Notice("req/with:odd chars", "a", "t", "s",
                    Duration.ofMinutes(1))))
                    .isInstanceOf(ApprovalWorkflowException.class).hasMessageContaining("cannot name");
        }
    }

    @Test
    void aForeignMessageIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> consumer.accept("{\"type\":\"other\",\"taskToken\":\"secret-token-value\"}"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("secret-token-value");
        assertThatThrownBy(() -> consumer.accept("not json secret-token-value"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("secret-token-value");
        assertThatThrownBy(() -> consumer.accept("{\"type\":\"airlock.approval.requested\",\"requestId\":\"r\","
                + "\"taskToken\":\"secret-token-value\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agentId")
                .message().doesNotContain("secret-token-value");
    }

    @Test
    void theTokenNeverShowsInItsString() {
        assertThat(new TaskToken("abc-secret").toString()).doesNotContain("abc-secret");
    }
}
