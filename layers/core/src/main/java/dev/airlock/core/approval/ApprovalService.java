package dev.airlock.core.approval;

import dev.airlock.core.model.ApprovalEvent;
import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.ApproverDecision;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.port.ApprovalQueue;
import dev.airlock.core.port.ApprovalStore;
import dev.airlock.core.port.ApprovalWorkflow;
import dev.airlock.core.port.ApproverDirectory;
import dev.airlock.core.port.AuditLog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of human approval, over an {@link ApprovalStore} whose writes are conditional:
 *
 * <ul>
 *   <li>only declared members of a required approver group may approve or deny;</li>
 *   <li>the requester never approves its own request; an approver counts once;</li>
 *   <li>approvals only while PENDING and before the request expires;</li>
 *   <li>the request is APPROVED when every requirement is met, and usable for the shortest
 *       {@code validFor} of its requirements;</li>
 *   <li>it runs at most once, only for the agent that asked, while the approval is usable.</li>
 * </ul>
 *
 * Concurrent callers race on the store's conditions; a lost race is retried from a fresh read,
 * so an approval is never lost and never counted twice.
 */
public final class ApprovalService implements ApprovalQueue {
    private static final System.Logger LOG = System.getLogger(ApprovalService.class.getName());
    private static final int RETRIES = 8;

    private final ApprovalStore store;
    private final ApproverDirectory directory;
    private final AuditLog audit;
    private final Clock clock;
    private volatile ApprovalWorkflow workflow;

    /** Every decision, expiry and execution result is also recorded in {@code audit}. */
    public ApprovalService(ApprovalStore store, ApproverDirectory directory, AuditLog audit, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Also tells the workflow (notifications; the wait in Step Functions) when a request is held,
     * fully approved or denied. The store stays the judge: the workflow hears of a decision only
     * after the store has recorded it, and a workflow that fails is logged, never undoes it
     * (approvers can still decide with the CLI).
     */
    public ApprovalService withWorkflow(ApprovalWorkflow workflow) {
        this.workflow = Objects.requireNonNull(workflow, "workflow");
        return this;
    }

    /**
     * Stores the frozen request (durably, before the agent hears it is pending), then starts the
     * wait, telling approvers its masked summary: the request as the audit trail keeps it.
     */
    @Override
    public void hold(PendingRequest request) {
        store.hold(request);
        Duration wait = Duration.between(request.createdAt(), request.expiresAt());
        tellWorkflow(w -> w.start(new ApprovalWorkflow.Notice(request.requestId(), request.agentId(),
                request.target(), request.summary().text(), wait.isPositive() ? wait : Duration.ofSeconds(1))),
                request.requestId());
    }

    private void tellWorkflow(java.util.function.Consumer<ApprovalWorkflow> call, String requestId) {
        ApprovalWorkflow current = workflow;
        if (current == null) {
            return;
        }
        try {
            call.accept(current);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The approval workflow for request " + requestId + " did not take "
                    + "the news: " + e.getMessage() + " (the approval store still decides)");
        }
    }

    public ApproverDirectory directory() {
        return directory;
    }

    public ApprovalStore store() {
        return store;
    }

    /** The request, or a not-found refusal. */
    public ApprovalRecord get(String requestId) {
        return store.find(requestId).orElseThrow(() -> new ApprovalRefusedException(ProblemKind.NOT_FOUND,
                "No request " + requestId + " is held for approval."));
    }

    /** Requests in a state, oldest first. */
    public List<ApprovalRecord> list(ApprovalState state) {
        return store.list(state);
    }

    /** Records one approval; returns the request as it now stands (APPROVED once every requirement is met). */
    public ApprovalRecord approve(String requestId, String approverId) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            ApprovalRecord current = get(requestId);
            List<String> groups = eligibleGroups(current, approverId, "approve");
            if (current.approvedBy(approverId)) {
                return current; // a second click counts once
            }
            Instant now = clock.instant();
            requirePending(current, now);
            ApprovalRecord counted = withApproval(current, new ApproverDecision(approverId, groups, now));
            Optional<Instant> usableUntil = counted.requirementsMet(current.pending().approvals())
                    ? Optional.of(now.plus(validFor(current.pending().approvals())))
                    : Optional.empty();
            Optional<ApprovalRecord> written = store.recordApproval(requestId, current.version(),
                    new ApproverDecision(approverId, groups, now), usableUntil);
            if (written.isPresent()) {
                ApprovalRecord now2 = written.get();
                audit.recordApproval(new ApprovalEvent(requestId, ApprovalEvent.Kind.APPROVED, Optional.of(approverId),
                        now, Optional.of(now2.state() == ApprovalState.APPROVED
                                ? "request approved (" + progress(now2) + "), usable until " + now2.usableUntil().get()
                                : "counted (" + progress(now2) + ")"), Optional.empty()));
                if (now2.state() == ApprovalState.APPROVED) {
                    tellWorkflow(w -> w.approved(requestId, approverId), requestId);
                }
                return now2;
            }
        }
        throw new ApprovalRefusedException(ProblemKind.INTERNAL, "Request " + requestId
                + " changed too often while approving; try again.");
    }

    /** Denies the request: nothing will run. */
    public ApprovalRecord deny(String requestId, String approverId, String reason) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            ApprovalRecord current = get(requestId);
            eligibleGroups(current, approverId, "deny");
            Instant now = clock.instant();
            requirePending(current, now);
            String why = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
            if (store.recordDenial(requestId, current.version(), approverId, why, now)) {
                audit.recordApproval(new ApprovalEvent(requestId, ApprovalEvent.Kind.DENIED, Optional.of(approverId),
                        now, Optional.of(why), Optional.empty()));
                tellWorkflow(w -> w.denied(requestId, approverId, why), requestId);
                return get(requestId);
            }
        }
        throw new ApprovalRefusedException(ProblemKind.INTERNAL, "Request " + requestId
                + " changed too often while denying; try again.");
    }

    /**
     * Claims the one execution of an approved request for the agent that asked for it. Exactly one
     * concurrent caller gets the record back; the others get a refusal saying why.
     */
    public ApprovalRecord claimExecution(String requestId, String agentId) {
        ApprovalRecord current = ownedBy(requestId, agentId);
        Instant now = clock.instant();
        requireExecutable(current, now);
        if (store.claimExecution(requestId, now)) {
            return get(requestId);
        }
        ApprovalRecord after = get(requestId);
        requireExecutable(after, clock.instant());
        throw new ApprovalRefusedException(ProblemKind.ALREADY_EXECUTED, "Request " + requestId
                + " is already being executed.");
    }

    /** Checks, without claiming, that the agent could execute the request now. */
    public ApprovalRecord checkExecutable(String requestId, String agentId) {
        ApprovalRecord current = ownedBy(requestId, agentId);
        requireExecutable(current, clock.instant());
        return current;
    }

    /** Records how the one execution ended, with the audit id of the execution. */
    public void recordResult(String requestId, String executionId, boolean succeeded, Optional<String> detail) {
        Instant now = clock.instant();
        if (store.recordResult(requestId, succeeded, detail, now)) {
            audit.recordApproval(new ApprovalEvent(requestId, succeeded ? ApprovalEvent.Kind.EXECUTED
                    : ApprovalEvent.Kind.EXECUTION_FAILED, Optional.empty(), now, detail, Optional.of(executionId)));
        }
    }

    /**
     * Waits, polling the store, while the agent's request is PENDING, at most {@code max}; returns the
     * request as it then stands.
     */
    public ApprovalRecord awaitDecision(String requestId, String agentId, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        ApprovalRecord current = ownedBy(requestId, agentId);
        while (current.state() == ApprovalState.PENDING && System.nanoTime() < deadline
                && clock.instant().isBefore(current.pending().expiresAt())) {
            try {
                Thread.sleep(Math.min(250, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            current = ownedBy(requestId, agentId);
        }
        return current;
    }

    /** The request if the agent asked for it; not found otherwise, so ids of others reveal nothing. */
    public ApprovalRecord ownedBy(String requestId, String agentId) {
        ApprovalRecord current = store.find(requestId).orElse(null);
        if (current == null || !current.pending().agentId().equals(agentId)) {
            throw new ApprovalRefusedException(ProblemKind.NOT_FOUND, "No request " + requestId
                    + " is held for approval for agent '" + agentId + "'.");
        }
        return current;
    }

    /** Whether the viewer (the requesting agent or an approver of a required group) may see it. */
    public boolean visibleTo(ApprovalRecord record, String agentOrApproverId) {
        if (record.pending().agentId().equals(agentOrApproverId)) {
            return true;
        }
        Set<String> groups = directory.groupsOf(agentOrApproverId);
        return record.pending().approvals().stream().anyMatch(r -> groups.contains(r.group()));
    }

    /**
     * Ends requests left EXECUTING by a gateway that stopped while running them (a crash or kill):
     * FAILED, since whether the statement ran is unknown (the execution's audit record says which
     * it was, or the reconciler marks it OUTCOME_UNKNOWN). Call only when no other gateway can be
     * executing, such as at the local gateway's start-up, which holds the data folder's lock.
     */
    public int failInterrupted() {
        int failed = 0;
        for (ApprovalRecord r : store.list(ApprovalState.EXECUTING)) {
            Instant now = clock.instant();
            String detail = "the gateway stopped while executing it; the outcome is unknown";
            if (store.recordResult(r.requestId(), false, Optional.of(detail), now)) {
                audit.recordApproval(new ApprovalEvent(r.requestId(), ApprovalEvent.Kind.EXECUTION_FAILED,
                        Optional.empty(), now, Optional.of(detail), Optional.empty()));
                failed++;
            }
        }
        return failed;
    }

    /** Expires every request whose time is up: PENDING past its expiry, APPROVED past its usability. */
    public int expireDue() {
        Instant now = clock.instant();
        int expired = 0;
        for (ApprovalRecord r : store.list(ApprovalState.PENDING)) {
            if (!now.isBefore(r.pending().expiresAt()) && expire(r, ApprovalState.PENDING, now)) {
                expired++;
            }
        }
        for (ApprovalRecord r : store.list(ApprovalState.APPROVED)) {
            if (r.usableUntil().isPresent() && !now.isBefore(r.usableUntil().get())
                    && expire(r, ApprovalState.APPROVED, now)) {
                expired++;
            }
        }
        return expired;
    }

    private boolean expire(ApprovalRecord r, ApprovalState from, Instant now) {
        if (!store.expire(r.requestId(), from, now)) {
            return false;
        }
        audit.recordApproval(new ApprovalEvent(r.requestId(), ApprovalEvent.Kind.EXPIRED, Optional.empty(), now,
                Optional.of(from == ApprovalState.PENDING ? "not approved before " + r.pending().expiresAt()
                        : "approved but not executed before " + r.usableUntil().orElse(now)), Optional.empty()));
        return true;
    }

    /** The shortest validity any requirement gives; the default when none says. */
    static Duration validFor(List<ApprovalRequirement> requirements) {
        return requirements.stream().map(ApprovalRequirement::validFor).min(Duration::compareTo)
                .orElse(ApprovalRequirement.DEFAULT_VALID);
    }

    private List<String> eligibleGroups(ApprovalRecord current, String approverId, String verb) {
        if (approverId == null || approverId.isBlank()) {
            throw new ApprovalRefusedException(ProblemKind.APPROVER_NOT_ALLOWED, "Name the approver.");
        }
        if (approverId.equals(current.pending().agentId())) {
            throw new ApprovalRefusedException(ProblemKind.APPROVER_NOT_ALLOWED, "'" + approverId
                    + "' asked for request " + current.requestId() + " and can never " + verb + " it.");
        }
        if (!directory.isApprover(approverId)) {
            throw new ApprovalRefusedException(ProblemKind.APPROVER_NOT_ALLOWED, "'" + approverId
                    + "' is not a declared Approver in policies/entities.json.");
        }
        Set<String> memberOf = directory.groupsOf(approverId);
        List<String> required = current.pending().approvals().stream().map(ApprovalRequirement::group)
                .distinct().toList();
        List<String> groups = required.stream().filter(memberOf::contains).toList();
        if (groups.isEmpty()) {
            throw new ApprovalRefusedException(ProblemKind.APPROVER_NOT_ALLOWED, "'" + approverId
                    + "' is not in the approver group" + (required.size() == 1 ? " " : "s ")
                    + String.join(", ", required) + " that request " + current.requestId() + " needs.");
        }
        return groups;
    }

    private void requirePending(ApprovalRecord current, Instant now) {
        switch (current.state()) {
            case PENDING -> {
                if (!now.isBefore(current.pending().expiresAt())) {
                    expire(current, ApprovalState.PENDING, now);
                    throw expired(current);
                }
            }
            case EXPIRED -> throw expired(current);
            case DENIED -> throw new ApprovalRefusedException(ProblemKind.NOT_APPROVED, "Request "
                    + current.requestId() + " was denied" + current.deniedBy().map(b -> " by " + b).orElse("") + ".");
            default -> throw new ApprovalRefusedException(ProblemKind.ALREADY_EXECUTED, "Request "
                    + current.requestId() + " is " + current.state() + "; it can no longer be decided.");
        }
    }

    private void requireExecutable(ApprovalRecord current, Instant now) {
        switch (current.state()) {
            case PENDING -> {
                if (!now.isBefore(current.pending().expiresAt())) {
                    expire(current, ApprovalState.PENDING, now);
                    throw expired(current);
                }
                throw new ApprovalRefusedException(ProblemKind.APPROVAL_PENDING, "Request " + current.requestId()
                        + " is waiting for approval (" + progress(current) + "); it expires at "
                        + current.pending().expiresAt() + ".");
            }
            case APPROVED -> {
                if (current.usableUntil().map(u -> !now.isBefore(u)).orElse(true)) {
                    expire(current, ApprovalState.APPROVED, now);
                    throw expired(current);
                }
            }
            case EXPIRED -> throw expired(current);
            case DENIED -> throw new ApprovalRefusedException(ProblemKind.NOT_APPROVED, "Request "
                    + current.requestId() + " was denied" + current.deniedBy().map(b -> " by " + b).orElse("")
                    + current.reason().map(r -> ": " + r).orElse("") + ". Nothing ran.");
            case EXECUTING, EXECUTED, FAILED -> throw new ApprovalRefusedException(ProblemKind.ALREADY_EXECUTED,
                    "Request " + current.requestId() + " has already been executed (" + current.state()
                            + "); an approval runs once. Send a new request.");
        }
    }

    /** "1 of 2 from dba" for each requirement. */
    public static String progress(ApprovalRecord record) {
        return String.join(", ", record.pending().approvals().stream()
                .map(r -> record.approvalsFor(r.group()) + " of " + r.approvals() + " from " + r.group()).toList());
    }

    private static ApprovalRefusedException expired(ApprovalRecord current) {
        return new ApprovalRefusedException(ProblemKind.APPROVAL_EXPIRED, "Request " + current.requestId()
                + " expired before it was approved and executed. Send it again to ask anew.");
    }

    private static ApprovalRecord withApproval(ApprovalRecord r, ApproverDecision approval) {
        List<ApproverDecision> all = new java.util.ArrayList<>(r.approvals());
        all.add(approval);
        return new ApprovalRecord(r.pending(), r.state(), all, r.deniedBy(), r.reason(), r.usableUntil(),
                r.updatedAt(), r.version());
    }
}
