package dev.airlock.core.fakes;

import dev.airlock.core.contract.AuditLogContract;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.port.AuditLog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The audit log contract on the unit tests' in-memory log, so what they assert holds for the real logs too. */
class InMemoryAuditLogContractTest extends AuditLogContract {
    private final InMemoryAuditLog audit = new InMemoryAuditLog();

    @Override
    protected AuditLog auditLog() {
        return audit;
    }

    @Override
    protected Optional<Audited> read(String requestId) {
        Optional<AuditIntent> intent = audit.intent(requestId);
        Optional<AuditOutcome> outcome = audit.outcome(requestId);
        return intent.map(i -> new Audited(i.agentId(), i.target(), i.statement(), i.params(),
                outcome.map(o -> o.status().name()), outcome.flatMap(AuditOutcome::rowCount).map(Integer::longValue),
                outcome.map(o -> o.maskedCounts().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().longValue())))
                        .orElse(Map.of()),
                outcome.flatMap(AuditOutcome::problemDetail)));
    }

    @Override
    protected List<String> approvalSteps(String requestId) {
        return audit.approvalEvents.stream().filter(e -> e.requestId().equals(requestId))
                .map(e -> e.kind().word()).toList();
    }

    @Override
    protected boolean reopen() {
        return false;
    }
}
