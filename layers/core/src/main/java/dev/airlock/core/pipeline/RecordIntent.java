package dev.airlock.core.pipeline;

import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.AuditUnavailableException;

/** Stage 6: write-ahead audit. If the intent cannot be recorded, nothing runs. */
final class RecordIntent implements Stage {
    private static final System.Logger LOG = System.getLogger(RecordIntent.class.getName());

    private final AuditLog audit;

    RecordIntent(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public StageResult apply(RequestState state) {
        try {
            audit.recordIntent(state.intent());
            return StageResult.next(state.withIntentRecorded());
        } catch (AuditUnavailableException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + state.requestId() + ": intent record not written", e);
            return state.refuse(ProblemKind.AUDIT_UNAVAILABLE,
                    "The audit trail could not record this request, so nothing was run. Retry shortly.");
        }
    }
}
