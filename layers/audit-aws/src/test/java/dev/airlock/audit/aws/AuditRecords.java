package dev.airlock.audit.aws;

import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.model.ApprovalEvent;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.Effect;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fixed records of every kind, as the gateway writes them, for the mapper and hash tests. */
final class AuditRecords {
    static final AuditRecord.ChainPosition PLACE = new AuditRecord.ChainPosition("c3", 7, "1".repeat(64));

    private AuditRecords() {
    }

    static AuditRecord intent() {
        return AuditRecord.of(new AuditIntent("r-golden", Instant.parse("2026-11-24T10:00:00.123456789Z"),
                Optional.of("reporting-bot"), Optional.of("tok-1"), Optional.of("orders"),
                Optional.of("select * from customers where id = ?"), List.of("?1"), Optional.of("ab".repeat(32)),
                Optional.of("sql"), Optional.of("sql:select"), Optional.of(RiskClass.READ),
                List.of("public.customers"), List.of(), Optional.of(Effect.ALLOW), List.of("p1"),
                Optional.of("read allowed"), Optional.of("127.0.0.1"), Optional.empty()));
    }

    /** An intent refused before anything was learned about it. */
    static AuditRecord bareIntent() {
        return AuditRecord.of(AuditIntent.builder("r-bare", Instant.parse("2026-11-24T10:00:00Z")).build());
    }

    static AuditRecord outcome() {
        return AuditRecord.of(new AuditOutcome("r-golden", Instant.parse("2026-11-24T10:00:00.135Z"),
                RequestStatus.COMPLETED, 12, Optional.of(3), Optional.empty(), Map.of("email", 2, "name", 1),
                Optional.empty(), Optional.empty(),
                Optional.of(CredentialsUsed.stsSession("arn:aws:sts::123456789012:assumed-role/r/r-first", "r-first"))));
    }

    static AuditRecord failedOutcome() {
        return AuditRecord.of(new AuditOutcome("r-golden", Instant.parse("2026-11-24T10:00:01Z"),
                RequestStatus.FAILED, 5, Optional.empty(), Optional.of(4L), Map.of(),
                Optional.of(ProblemKind.STATEMENT_FAILED), Optional.of("relation does not exist")));
    }

    static AuditRecord approved() {
        return AuditRecord.of(new ApprovalEvent("r-golden", ApprovalEvent.Kind.APPROVED, Optional.of("alice"),
                Instant.parse("2026-11-24T10:05:00Z"), Optional.of("1 of 2"), Optional.empty()));
    }

    static AuditRecord executed() {
        return AuditRecord.of(new ApprovalEvent("r-golden", ApprovalEvent.Kind.EXECUTED, Optional.empty(),
                Instant.parse("2026-11-24T10:06:00Z"), Optional.of("COMPLETED"), Optional.of("r-exec")));
    }

    static List<AuditRecord> everyKind() {
        return List.of(intent(), bareIntent(), outcome(), failedOutcome(), approved(), executed());
    }
}
