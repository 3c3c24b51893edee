package dev.airlock.approvals.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.core.port.ApprovalWorkflow;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Takes the approval workflow's notices off its SQS queue: keeps each notice's task token on the
 * request's approvals item (so that the approve and deny endpoints can answer the workflow) and
 * hands the rest of the notice, without the token, to whoever tells the approvers (the notifier).
 *
 * <p>In AWS this is the body of a Lambda with an SQS trigger ({@link #accept(String)} per record;
 * a thrown exception sends the message back, and after the queue's max receives to its DLQ).
 * {@link #drain(SqsClient, String, Duration)} is the same for a poller or a test.
 */
public final class ApprovalQueueConsumer {
    /** The {@code type} field of the workflow's message body. */
    public static final String NOTICE_TYPE = "airlock.approval.requested";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApprovalTaskTokens tokens;
    private final Consumer<ApprovalWorkflow.Notice> approvers;

    /**
     * @param tokens    where task tokens are kept
     * @param approvers told about each request once its token is safely stored
     */
    public ApprovalQueueConsumer(ApprovalTaskTokens tokens, Consumer<ApprovalWorkflow.Notice> approvers) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.approvers = Objects.requireNonNull(approvers, "approvers");
    }

    /**
     * One message body as the workflow's NotifyApprovers state sends it.
     *
     * @throws IllegalArgumentException when the body is not such a notice (the message never
     *                                  appears in the exception: it holds the token)
     */
    public ApprovalWorkflow.Notice accept(String messageBody) {
        JsonNode body;
        try {
            body = JSON.readTree(messageBody);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("An approval queue message is not JSON; is another producer writing"
                    + " to the approval queue?");
        }
        if (body == null || !body.isObject() || !NOTICE_TYPE.equals(body.path("type").asText())) {
            throw new IllegalArgumentException("An approval queue message is not an " + NOTICE_TYPE
                    + " notice; only the approval workflow may write to this queue.");
        }
        String requestId = text(body, "requestId");
        ApprovalWorkflow.Notice notice = new ApprovalWorkflow.Notice(requestId, text(body, "agentId"),
                text(body, "target"), text(body, "summary"),
                Duration.ofSeconds(body.path("expiresInSeconds").asLong(0) > 0
                        ? body.path("expiresInSeconds").asLong() : 1));
        tokens.save(requestId, new TaskToken(text(body, "taskToken")));
        approvers.accept(notice);
        return notice;
    }

    /**
     * Receives what is on the queue (waiting up to {@code wait} for the first message), accepts
     * each message and deletes it once accepted. A message that fails stays on the queue and
     * comes back after its visibility timeout.
     */
    public List<ApprovalWorkflow.Notice> drain(SqsClient sqs, String queueUrl, Duration wait) {
        List<ApprovalWorkflow.Notice> notices = new ArrayList<>();
        int waitSeconds = (int) Math.min(20, Math.max(0, wait.toSeconds()));
        while (true) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(notices.isEmpty() ? waitSeconds : 0)).messages();
            if (messages.isEmpty()) {
                return notices;
            }
            for (Message message : messages) {
                notices.add(accept(message.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("An approval notice has no " + field
                    + "; is the deployed state machine older than this consumer?");
        }
        return value.asText();
    }
}
