package dev.airlock.core.port;

import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.ApproverDecision;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where held requests live through their whole life. Every method that changes a request is
 * one conditional write: it succeeds only from the state (and, where given, the version) it
 * names, so concurrent callers can never skip or repeat a state. A write whose condition no
 * longer holds returns {@code false} or empty and changes nothing.
 */
public interface ApprovalStore extends ApprovalQueue {

    Optional<ApprovalRecord> find(String requestId);

    /** Requests in a state, oldest first. */
    List<ApprovalRecord> list(ApprovalState state);

    /**
     * Adds an approval to a PENDING request still at {@code version}, before its expiry, by an
     * approver not already counted; {@code approvedUntil} present moves it to APPROVED.
     */
    Optional<ApprovalRecord> recordApproval(String requestId, long version, ApproverDecision approval,
                                            Optional<Instant> approvedUntil);

    /** PENDING (at {@code version}) to DENIED. */
    boolean recordDenial(String requestId, long version, String approverId, String reason, Instant at);

    /** PENDING or APPROVED to EXPIRED, only once the relevant deadline is at or before {@code at}. */
    boolean expire(String requestId, ApprovalState from, Instant at);

    /** APPROVED to EXECUTING while the approval is usable at {@code at}: exactly one caller wins. */
    boolean claimExecution(String requestId, Instant at);

    /** EXECUTING to EXECUTED or FAILED. */
    boolean recordResult(String requestId, boolean succeeded, Optional<String> detail, Instant at);
}
