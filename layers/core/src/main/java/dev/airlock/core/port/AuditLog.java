package dev.airlock.core.port;

import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;

/** The command-level audit trail: an intent before a request runs, an outcome after. */
public interface AuditLog {

    /** @throws AuditUnavailableException if the record could not be stored durably */
    void recordIntent(AuditIntent intent);

    /** @throws AuditUnavailableException if the record could not be stored durably */
    void recordOutcome(AuditOutcome outcome);
}
