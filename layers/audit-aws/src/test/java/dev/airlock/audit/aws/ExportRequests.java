package dev.airlock.audit.aws;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableAccess;
import dev.airlock.core.model.TableRef;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Requests the export tests write: {@code r-<i>} at {@code T0 + i} seconds, a masked read of
 * {@code public.customers} by {@code ops-bot}, and its outcome when it finished.
 */
final class ExportRequests {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private ExportRequests() {
    }

    /** Requests {@code from..to-1}, each an intent and, when {@code finished}, an outcome. */
    static void write(DynamoDbAuditLog log, int from, int to, boolean finished) {
        for (int i = from; i < to; i++) {
            String id = "r-" + i;
            Instant at = T0.plusSeconds(i);
            log.recordIntent(AuditIntent.builder(id, at)
                    .agent(new AgentIdentity("ops-bot", "jti-" + i, at, at.plusSeconds(900)))
                    .target("demo")
                    .statement("select * from customers where email = ?", List.of("[EMAIL]"), "ab".repeat(32))
                    .classification(SqlClassification.builder(StatementKind.SELECT, RiskClass.READ)
                            .accesses(List.of(new TableAccess(TableRef.of("public", "customers"), StatementKind.SELECT)))
                            .build())
                    .decision(PolicyDecision.allow(List.of("read"), "ok", List.of(), 500))
                    .sourceIp("10.0.0." + (i % 250 + 1))
                    .build());
            if (finished) {
                finish(log, id);
            }
        }
    }

    /** The outcome of {@code r-<i>}: completed 8 ms after it was asked, three emails masked. */
    static void finish(DynamoDbAuditLog log, String id) {
        Instant at = T0.plusSeconds(Long.parseLong(id.substring(2)));
        log.recordOutcome(new AuditOutcome(id, at.plusMillis(8), RequestStatus.COMPLETED, 8, Optional.of(3),
                Optional.empty(), Map.of("email", 3), Optional.empty(), Optional.empty()));
    }
}
