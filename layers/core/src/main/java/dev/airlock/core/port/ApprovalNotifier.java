package dev.airlock.core.port;

import dev.airlock.core.model.ApproverLinks;
import dev.airlock.core.model.PendingRequest;

import java.util.List;

/**
 * Tells approvers that a request is held for them: the request's summary (id, agent, target,
 * the statement as the audit trail keeps it, risk, tables, the policies that required approval,
 * the deadline) and each approver's own approve, deny and view links. Locally a console line and
 * an outbox of {@code .eml} files; in AWS an email through SES.
 */
public interface ApprovalNotifier {

    /**
     * Sends one message per approver.
     *
     * @param request   the held request
     * @param tables    the tables the statement touches, as {@code schema.table}
     * @param approvers each approver with the links only that approver may use
     * @throws NotificationFailedException when a message could not be handed over; the caller
     *                                     decides whether the request stays held without it
     */
    void notifyHeld(PendingRequest request, List<String> tables, List<ApproverLinks> approvers);
}
