package dev.airlock.approvals.aws;

import dev.airlock.core.model.ApproverLinks;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.port.ApprovalNotifier;
import dev.airlock.core.port.NotificationFailedException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.util.ArrayList;
import java.util.List;

/**
 * Approver notifications in AWS: one raw email per approver through SES v2, built by
 * {@link ApprovalEmail} (the same message the local outbox keeps). The sender must be an
 * SES-verified identity. Its log lines name the request, the approver and SES's message id,
 * never a link: the links are credentials and live only in the email.
 */
public final class SesApprovalNotifier implements ApprovalNotifier {
    private static final System.Logger LOG = System.getLogger(SesApprovalNotifier.class.getName());

    private final SesV2Client ses;
    private final ApprovalEmail email;
    private final String configurationSet;

    /** @param configurationSet an SES configuration set for delivery events, or null for none */
    public SesApprovalNotifier(SesV2Client ses, ApprovalEmail email, String configurationSet) {
        this.ses = ses;
        this.email = email;
        this.configurationSet = configurationSet;
    }

    @Override
    public void notifyHeld(PendingRequest request, List<String> tables, List<ApproverLinks> approvers) {
        List<String> failed = new ArrayList<>();
        RuntimeException first = null;
        for (ApproverLinks links : approvers) {
            ApprovalEmail.Message message = email.build(request, tables, links);
            try {
                String sesId = ses.sendEmail(b -> b.fromEmailAddress(email.from())
                        .destination(d -> d.toAddresses(message.to()))
                        .content(c -> c.raw(r -> r.data(SdkBytes.fromByteArray(message.bytes()))))
                        .configurationSetName(configurationSet)).messageId();
                LOG.log(System.Logger.Level.INFO, "Approval email for request {0} sent to approver {1} "
                        + "(SES message {2})", request.requestId(), links.approver().id(), sesId);
            } catch (SdkException e) {
                failed.add(links.approver().id());
                first = first == null ? e : first;
                LOG.log(System.Logger.Level.WARNING, "Approval email for request {0} to approver {1} failed: {2}",
                        request.requestId(), links.approver().id(), e.getClass().getSimpleName());
            }
        }
        if (!failed.isEmpty()) {
            throw new NotificationFailedException("SES did not take the approval email for request "
                    + request.requestId() + " to " + String.join(", ", failed)
                    + ": check that the sender is a verified SES identity and the function may call ses:SendEmail.",
                    first);
        }
    }

    @Override
    public String toString() {
        return "SesApprovalNotifier[from=" + email.from() + "]";
    }
}
