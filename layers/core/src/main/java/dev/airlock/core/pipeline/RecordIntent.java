package dev.airlock.core.pipeline;

import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.AuditUnavailableException;

import java.util.Optional;

/** Stage 4: write-ahead audit. If the intent cannot be recorded, nothing runs. */
final class RecordIntent implements Stage {
    private static final System.Logger LOG = System.getLogger(RecordIntent.class.getName());

    private final AuditLog audit;

    RecordIntent(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public Optional<PipelineOutcome> apply(SqlExchange x) {
        try {
            audit.recordIntent(x.intent());
            x.intentRecorded = true;
            return Optional.empty();
        } catch (AuditUnavailableException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + x.requestId + ": intent record not written", e);
            return x.refuse(ProblemKind.AUDIT_UNAVAILABLE,
                    "The audit trail could not record this request, so nothing was run. Retry shortly.");
        }
    }
}
