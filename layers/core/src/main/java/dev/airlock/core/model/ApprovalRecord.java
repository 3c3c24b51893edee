package dev.airlock.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A held request as the approval store knows it: the frozen request, its state, the approvals
 * given so far, and the version every conditional write checks.
 *
 * @param pending      the frozen request
 * @param state        where it is in its life
 * @param approvals    distinct approvers who approved, in order
 * @param deniedBy     who denied it, when denied
 * @param reason       the denial reason, or what ended an execution
 * @param usableUntil  when APPROVED: until when the approval may be executed
 * @param updatedAt    when the last transition happened
 * @param version      incremented by every transition
 */
public record ApprovalRecord(PendingRequest pending, ApprovalState state, List<ApproverDecision> approvals,
                             Optional<String> deniedBy, Optional<String> reason, Optional<Instant> usableUntil,
                             Instant updatedAt, long version) {
    public ApprovalRecord {
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(state, "state");
        approvals = List.copyOf(approvals);
        Objects.requireNonNull(deniedBy, "deniedBy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(usableUntil, "usableUntil");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A request just held. */
    public static ApprovalRecord held(PendingRequest pending) {
        return new ApprovalRecord(pending, ApprovalState.PENDING, List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), pending.createdAt(), 0);
    }

    public String requestId() {
        return pending.requestId();
    }

    /** Whether this approver already approved. */
    public boolean approvedBy(String approverId) {
        return approvals.stream().anyMatch(a -> a.approverId().equals(approverId));
    }

    /** How many distinct approvers counted for the group. */
    public long approvalsFor(String group) {
        return approvals.stream().filter(a -> a.groups().contains(group)).map(ApproverDecision::approverId)
                .distinct().count();
    }

    /** Whether the approvals given meet every requirement. */
    public boolean requirementsMet(List<ApprovalRequirement> requirements) {
        return requirements.stream().allMatch(r -> approvalsFor(r.group()) >= r.approvals());
    }
}
