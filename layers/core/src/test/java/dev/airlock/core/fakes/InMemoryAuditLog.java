package dev.airlock.core.fakes;

import dev.airlock.core.model.ApprovalEvent;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.AuditUnavailableException;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The audit log as unit tests use it: every record in memory, in order, never overwritten (as
 * the real logs), and unreachable on demand. {@code InMemoryAuditLogContractTest} holds it to
 * the same contract as the DynamoDB and journaled logs.
 */
public final class InMemoryAuditLog implements AuditLog {
    public final List<AuditIntent> intents = new CopyOnWriteArrayList<>();
    public final List<AuditOutcome> outcomes = new CopyOnWriteArrayList<>();
    public final List<ApprovalEvent> approvalEvents = new CopyOnWriteArrayList<>();
    /** While true, every write fails as an unreachable table does. */
    public volatile boolean down;

    @Override
    public void recordIntent(AuditIntent intent) {
        failIfDown();
        if (intent(intent.requestId()).isPresent()) {
            throw new AuditUnavailableException("intent of " + intent.requestId() + " recorded already", null);
        }
        intents.add(intent);
    }

    @Override
    public void recordOutcome(AuditOutcome outcome) {
        failIfDown();
        outcomes.add(outcome);
    }

    @Override
    public void recordApproval(ApprovalEvent event) {
        failIfDown();
        approvalEvents.add(event);
    }

    public Optional<AuditIntent> intent(String requestId) {
        return intents.stream().filter(i -> i.requestId().equals(requestId)).findFirst();
    }

    public Optional<AuditOutcome> outcome(String requestId) {
        return outcomes.stream().filter(o -> o.requestId().equals(requestId)).findFirst();
    }

    private void failIfDown() {
        if (down) {
            throw new AuditUnavailableException("table unreachable", null);
        }
    }
}
