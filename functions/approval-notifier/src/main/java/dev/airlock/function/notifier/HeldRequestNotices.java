package dev.airlock.function.notifier;

import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.Approver;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.port.ApprovalStore;
import dev.airlock.core.port.ApprovalWorkflow;
import dev.airlock.identity.HeldRequestNotifications;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The queue consumer's listener: for a notice of a request still held, tells every member of the
 * approver groups its policy names (their own signed links, by email). The same steps as the
 * local gateway's workflow. A request no longer held (decided or expired since) is skipped; a
 * notifier failure is thrown, so the message comes back and is tried again.
 */
public final class HeldRequestNotices implements Consumer<ApprovalWorkflow.Notice> {
    private static final Logger LOG = Logger.getLogger(HeldRequestNotices.class);

    private final ApprovalStore store;
    private final Function<String, List<Approver>> membersOf;
    private final HeldRequestNotifications notifications;

    /** @param membersOf the approvers of a group */
    public HeldRequestNotices(ApprovalStore store, Function<String, List<Approver>> membersOf,
                              HeldRequestNotifications notifications) {
        this.store = store;
        this.membersOf = membersOf;
        this.notifications = notifications;
    }

    @Override
    public void accept(ApprovalWorkflow.Notice notice) {
        ApprovalRecord record = store.find(notice.requestId()).orElse(null);
        if (record == null || record.state() != ApprovalState.PENDING) {
            LOG.infof("Request %s is no longer held (%s): its approvers are not told", notice.requestId(),
                    record == null ? "not in the approvals table" : record.state());
            return;
        }
        PendingRequest held = record.pending();
        Map<String, Approver> invited = new LinkedHashMap<>();
        for (ApprovalRequirement requirement : held.approvals()) {
            membersOf.apply(requirement.group()).forEach(a -> invited.putIfAbsent(a.id(), a));
        }
        // The resources frozen with the request when it was held; nothing is classified again here.
        List<Approver> told = notifications.notifyHeld(held, held.facts().resources(), List.copyOf(invited.values()));
        if (told.isEmpty()) {
            LOG.warnf("Request %s is held, but no approver of %s has an email to be told at: decide with "
                    + "airlock approvals approve %s --as <approver>", held.requestId(),
                    held.approvals().stream().map(ApprovalRequirement::group).toList(), held.requestId());
        } else {
            LOG.infof("Request %s is held: told %s", held.requestId(), told.stream().map(Approver::id).toList());
        }
    }
}
