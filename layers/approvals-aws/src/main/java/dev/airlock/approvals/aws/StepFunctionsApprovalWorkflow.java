package dev.airlock.approvals.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.core.port.ApprovalWorkflow;
import dev.airlock.core.port.ApprovalWorkflowException;
import dev.airlock.core.port.ApprovalWorkflowException.Reason;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.StateMachineDeletingException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The approval workflow on Step Functions: the state machine of {@code infra/approval-workflow.asl.json}.
 * {@link #start} runs one execution named after the request id; the workflow's notice reaches
 * {@link ApprovalQueueConsumer}, which keeps the task token; {@link #approved} and {@link #denied}
 * answer that token with SendTaskSuccess and SendTaskFailure ({@value #DENIED_ERROR}).
 *
 * <p>The task token is a credential for the execution: it never appears in an exception, and SDK
 * exceptions of the token calls are not chained (their text could echo it).
 */
public final class StepFunctionsApprovalWorkflow implements ApprovalWorkflow {
    /** The error SendTaskFailure carries for a denial; the state machine catches exactly this name. */
    public static final String DENIED_ERROR = "Airlock.Denied";
    /** Step Functions limits a task failure's cause to 32768 characters. */
    static final int MAX_CAUSE = 32_768;
    /** Execution names: 1 to 80 characters, letters, digits, '-' and '_' (no ARN-breaking characters). */
    private static final Pattern EXECUTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final ApprovalTaskTokens tokens;

    public StepFunctionsApprovalWorkflow(SfnClient sfn, String stateMachineArn, ApprovalTaskTokens tokens) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
        this.stateMachineArn = Objects.requireNonNull(stateMachineArn, "stateMachineArn");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    public void start(Notice notice) {
        String requestId = notice.requestId();
        if (!EXECUTION_NAME.matcher(requestId).matches()) {
            throw new ApprovalWorkflowException(Reason.UNAVAILABLE, "Request id " + requestId + " cannot name a Step"
                    + " Functions execution: use 1 to 80 letters, digits, '-' or '_'.");
        }
        ObjectNode input = JSON.createObjectNode()
                .put("requestId", requestId)
                .put("agentId", notice.agentId())
                .put("target", notice.target())
                .put("summary", notice.summary())
                .put("expiresInSeconds", Math.max(1, notice.waitFor().toSeconds()));
        try {
            sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(requestId).input(input.toString()));
        } catch (ExecutionAlreadyExistsException e) {
            throw new ApprovalWorkflowException(Reason.ALREADY_STARTED, "An approval workflow for request " + requestId
                    + " already exists; a request is waited on once (execution names are never reused).", e);
        } catch (StateMachineDoesNotExistException | StateMachineDeletingException | InvalidArnException e) {
            throw new ApprovalWorkflowException(Reason.UNAVAILABLE, "The approval state machine " + stateMachineArn
                    + " does not exist here: deploy the infra stack, or point the gateway's approval workflow"
                    + " setting at the deployed state machine's ARN.", e);
        } catch (SdkClientException e) {
            throw new ApprovalWorkflowException(Reason.UNAVAILABLE, "Step Functions could not be reached to start the"
                    + " approval workflow of request " + requestId + ": check the endpoint, region and network.", e);
        } catch (SdkException e) {
            throw new ApprovalWorkflowException(Reason.UNAVAILABLE, "Step Functions refused to start the approval"
                    + " workflow of request " + requestId + " (" + ApprovalTaskTokens.errorCode(e) + "): check that"
                    + " this role may states:StartExecution on " + stateMachineArn + ".", e);
        }
    }

    @Override
    public void approved(String requestId, String approverId) {
        TaskToken token = tokenOf(requestId);
        String output = JSON.createObjectNode()
                .put("decision", "APPROVED")
                .put("requestId", requestId)
                .put("approverId", approverId).toString();
        answer(requestId, token, "SendTaskSuccess",
                () -> sfn.sendTaskSuccess(b -> b.taskToken(token.value()).output(output)));
    }

    @Override
    public void denied(String requestId, String approverId, String reason) {
        TaskToken token = tokenOf(requestId);
        String cause = "denied by " + approverId + ": " + (reason == null || reason.isBlank() ? "no reason given" : reason);
        String bounded = cause.length() > MAX_CAUSE ? cause.substring(0, MAX_CAUSE) : cause;
        answer(requestId, token, "SendTaskFailure",
                () -> sfn.sendTaskFailure(b -> b.taskToken(token.value()).error(DENIED_ERROR).cause(bounded)));
    }

    private TaskToken tokenOf(String requestId) {
        return tokens.find(requestId).orElseThrow(() -> new ApprovalWorkflowException(Reason.NOT_READY,
                "The approval workflow of request " + requestId + " has not handed over its task token yet: the"
                        + " approval queue consumer has not processed its notice. Retry in a few seconds; if it"
                        + " persists, check the consumer (SQS trigger) and the queue's dead-letter queue."));
    }

    private void answer(String requestId, TaskToken token, String action, Runnable call) {
        try {
            call.run();
        } catch (TaskTimedOutException e) {
            throw new ApprovalWorkflowException(Reason.NOT_WAITING, "The approval workflow of request " + requestId
                    + " no longer waits: the request expired before the decision arrived.");
        } catch (TaskDoesNotExistException | InvalidTokenException e) {
            throw new ApprovalWorkflowException(Reason.NOT_WAITING, "The approval workflow of request " + requestId
                    + " no longer waits: it was already decided, expired, or was stopped ("
                    + e.awsErrorDetails().errorCode() + ").");
        } catch (SdkClientException e) {
            throw new ApprovalWorkflowException(Reason.UNAVAILABLE, "Step Functions could not be reached to answer the"
                    + " approval workflow of request " + requestId + ": check the endpoint, region and network;"
                    + " the decision is kept in the store and can be sent again.");
        } catch (SdkException e) {
            throw new ApprovalWorkflowException(Reason.UNAVAILABLE, "Step Functions refused " + action + " for the"
                    + " approval workflow of request " + requestId + " (" + ApprovalTaskTokens.errorCode(e) + "):"
                    + " check that this role may states:" + action + " on the approval state machine.");
        }
        tokens.forget(requestId, token);
    }
}
