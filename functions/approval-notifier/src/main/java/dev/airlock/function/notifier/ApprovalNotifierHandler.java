package dev.airlock.function.notifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.airlock.approvals.aws.ApprovalQueueConsumer;
import dev.airlock.core.port.ApprovalWorkflowException;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The function's handler, invoked by the SQS trigger on the approval workflow's queue. Each
 * record is accepted on its own; the ones that fail are reported as batch item failures (the
 * trigger must have {@code ReportBatchItemFailures}), so only they come back to the queue, and
 * after its max receives go to its dead-letter queue. A notice for a request the approvals table
 * does not hold can never succeed, so it is dropped instead. Message bodies hold the task token
 * and are never logged.
 */
@Named("approval-notifier")
public class ApprovalNotifierHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = Logger.getLogger(ApprovalNotifierHandler.class);

    @Inject
    ApprovalQueueConsumer consumer;

    public ApprovalNotifierHandler() {
    }

    ApprovalNotifierHandler(ApprovalQueueConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of()
                : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            try {
                consumer.accept(message.getBody());
            } catch (ApprovalWorkflowException e) {
                if (e.reason() == ApprovalWorkflowException.Reason.NOT_WAITING) {
                    LOG.warnf("Approval queue message %s dropped: %s", message.getMessageId(), e.getMessage());
                } else {
                    fail(failures, message, e);
                }
            } catch (RuntimeException e) {
                fail(failures, message, e);
            }
        }
        LOG.infof("Approval notices: %d received, %d to retry", records.size(), failures.size());
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static void fail(List<SQSBatchResponse.BatchItemFailure> failures, SQSEvent.SQSMessage message,
                             RuntimeException e) {
        // The consumer's and notifier's messages never hold the token or a link.
        LOG.warnf("Approval queue message %s failed, it comes back to the queue: %s: %s", message.getMessageId(),
                e.getClass().getSimpleName(), e.getMessage());
        failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
    }
}
