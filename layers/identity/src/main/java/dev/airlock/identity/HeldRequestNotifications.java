package dev.airlock.identity;

import dev.airlock.core.model.Approver;
import dev.airlock.core.model.ApproverLinks;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.port.ApprovalNotifier;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The one call that tells a held request's approvers: signs each approver's own view, approve and
 * deny links to {@code <gateway>/approvals/<id>} and hands them to the notifier. The requester
 * is never invited (nobody approves their own request), and an approver listed twice is told
 * once.
 */
public final class HeldRequestNotifications {
    private final ApprovalLinkTokens links;
    private final ApprovalNotifier notifier;
    private final Supplier<URI> gateway;

    /** @param gateway the gateway's base URL as approvers reach it, e.g. {@code http://127.0.0.1:8080} */
    public HeldRequestNotifications(ApprovalLinkTokens links, ApprovalNotifier notifier, URI gateway) {
        this(links, notifier, constant(Objects.requireNonNull(gateway, "gateway")));
    }

    /**
     * @param gateway the gateway's base URL, asked for each held request: a gateway told to pick
     *                any free port knows its URL only once its server has bound one
     */
    public HeldRequestNotifications(ApprovalLinkTokens links, ApprovalNotifier notifier, Supplier<URI> gateway) {
        this.links = Objects.requireNonNull(links, "links");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    private static Supplier<URI> constant(URI gateway) {
        return () -> gateway;
    }

    /**
     * @param tables    the tables the statement touches, as {@code schema.table}
     * @param approvers the members of the approver group the policy names
     * @return the approvers told, in order
     * @throws dev.airlock.core.port.NotificationFailedException when the notifier could not deliver
     */
    public List<Approver> notifyHeld(PendingRequest held, List<String> tables, List<Approver> approvers) {
        Map<String, Approver> distinct = new LinkedHashMap<>();
        for (Approver approver : approvers) {
            if (!approver.id().equals(held.agentId())) {
                distinct.putIfAbsent(approver.id(), approver);
            }
        }
        List<ApproverLinks> invitations = new ArrayList<>();
        URI base = gateway.get();
        for (Approver approver : distinct.values()) {
            invitations.add(links.links(held, approver, base));
        }
        if (!invitations.isEmpty()) {
            notifier.notifyHeld(held, tables, invitations);
        }
        return List.copyOf(distinct.values());
    }
}
