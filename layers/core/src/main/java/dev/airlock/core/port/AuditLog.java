package dev.airlock.core.port;

import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;

/**
 * The command-level audit trail: an intent before a request runs, an outcome after, and the
 * approval decisions on requests held for a human.
 */
public interface AuditLog {

    /** @throws AuditUnavailableException if the record could not be stored durably */
    void recordIntent(AuditIntent intent);

    /** @throws AuditUnavailableException if the record could not be stored durably */
    void recordOutcome(AuditOutcome outcome);

    /**
     * A step in a held request's approval life (approved by, denied by, expired, executed).
     *
     * @throws AuditUnavailableException if the record could not be stored durably
     */
    void recordApproval(dev.airlock.core.model.ApprovalEvent event);
}
