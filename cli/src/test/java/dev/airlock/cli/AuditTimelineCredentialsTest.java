package dev.airlock.cli;

import dev.airlock.audit.aws.AuditEntry;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.RequestStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Replay shows which credentials ran a request, so its CloudTrail entries can be found. */
class AuditTimelineCredentialsTest {
    private static final AuditRecord INTENT = AuditRecord.builder(AuditRecord.Kind.INTENT, "r-2",
                    Instant.parse("2026-11-24T10:00:00Z"))
            .agentId(Optional.of("reporting-bot")).target(Optional.of("orders"))
            .statement(Optional.of("select 1")).build();

    private static AuditRecord outcome(CredentialsUsed credentials) {
        return AuditRecord.builder(AuditRecord.Kind.OUTCOME, "r-2", Instant.parse("2026-11-24T10:00:01Z"))
                .status(Optional.of(RequestStatus.COMPLETED)).durationMillis(Optional.of(12L))
                .credentials(Optional.of(credentials)).build();
    }

    @Test
    void timeline_whenRunOnAnStsSession_namesTheSessionAndAssumedRole() {
        String timeline = AuditCommand.timeline(new AuditEntry(INTENT, Optional.of(outcome(
                new CredentialsUsed("aws-sts-session",
                        "arn:aws:sts::123456789012:assumed-role/airlock-target-orders/r-1", Optional.of("r-1"))))));

        assertThat(timeline).contains("credentials: STS session r-1 "
                + "(arn:aws:sts::123456789012:assumed-role/airlock-target-orders/r-1)");
    }

    @Test
    void timeline_whenRunOnADatabaseLogin_namesTheUser() {
        String timeline = AuditCommand.timeline(new AuditEntry(INTENT, Optional.of(outcome(
                new CredentialsUsed("database-login", "airlock_gateway", Optional.empty())))));

        assertThat(timeline).contains("credentials: database user airlock_gateway");
    }
}
