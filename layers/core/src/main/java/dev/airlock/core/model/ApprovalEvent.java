package dev.airlock.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a held request's life for the audit trail, recorded on the held request: an
 * approver approved or denied it, it expired, or its one execution ended.
 *
 * @param requestId   the held request
 * @param kind        what happened
 * @param approverId  who decided, for approvals and denials
 * @param at          when
 * @param detail      the denial reason, the approval progress, or how an execution ended
 * @param executionId the audit id of the execution, for {@link Kind#EXECUTED} and {@link Kind#EXECUTION_FAILED}
 */
public record ApprovalEvent(String requestId, Kind kind, Optional<String> approverId, Instant at,
                            Optional<String> detail, Optional<String> executionId) {
    public enum Kind {
        APPROVED, DENIED, EXPIRED, EXECUTED, EXECUTION_FAILED;

        /** The lower-case word the audit trail records. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public ApprovalEvent {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(approverId, "approverId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(executionId, "executionId");
    }
}
