package dev.airlock.local;

import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.Approver;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.port.ApprovalStore;
import dev.airlock.core.port.ApprovalWorkflow;
import dev.airlock.identity.HeldRequestNotifications;
import dev.airlock.policy.EntityApproverDirectory;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local gateway's approval workflow, in process: when a request is held, each member of the
 * approver groups its policy names gets a console line and an outbox email with their own
 * signed links. Telling them happens on a thread of its own, after the request is durably held,
 * so the agent's 202 does not wait for emails. Deadlines are enforced by the expiry sweep and
 * decisions live in the approval store, so approved and denied need nothing more here.
 */
final class LocalApprovalWorkflow implements ApprovalWorkflow {
    private static final Logger LOG = Logger.getLogger(LocalApprovalWorkflow.class);

    private final ApprovalStore store;
    private final EntityApproverDirectory approvers;
    private final HeldRequestNotifications notifications;
    private final java.util.concurrent.ExecutorService teller = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "airlock-approval-notices");
                thread.setDaemon(true);
                return thread;
            });

    LocalApprovalWorkflow(ApprovalStore store, EntityApproverDirectory approvers,
                          HeldRequestNotifications notifications) {
        this.store = store;
        this.approvers = approvers;
        this.notifications = notifications;
    }

    @Override
    public void start(Notice notice) {
        teller.execute(() -> {
            try {
                tell(notice);
            } catch (RuntimeException e) {
                // The request stays held; approvers can still decide with the CLI.
                LOG.warnf("Request %s is held, but its approvers could not be told: %s", notice.requestId(),
                        e.getMessage());
            }
        });
    }

    private void tell(Notice notice) {
        ApprovalRecord record = store.find(notice.requestId()).orElse(null);
        if (record == null) {
            return;
        }
        PendingRequest held = record.pending();
        Map<String, Approver> invited = new LinkedHashMap<>();
        for (ApprovalRequirement requirement : held.approvals()) {
            approvers.membersOf(requirement.group()).forEach(a -> invited.putIfAbsent(a.id(), a));
        }
        List<Approver> told = notifications.notifyHeld(held, held.facts().resources(), List.copyOf(invited.values()));
        if (told.isEmpty()) {
            LOG.warnf("Request %s is held, but no approver of %s has an email to be told at: decide with "
                    + "./airlock approvals approve %s --as <approver>", held.requestId(),
                    held.approvals().stream().map(ApprovalRequirement::group).toList(), held.requestId());
        }
    }

    @Override
    public void approved(String requestId, String approverId) {
        // The store holds the decision; nothing waits in process.
    }

    @Override
    public void denied(String requestId, String approverId, String reason) {
        // The store holds the decision; nothing waits in process.
    }
}
