package dev.airlock.core.audit;

import dev.airlock.core.model.ApprovalEvent;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.Effect;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditRecordTest {
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void of_whenGivenAnIntent_keepsProtocolActionResourcesAndDecision() {
        AuditIntent intent = new AuditIntent("r-1", AT, Optional.of("bot"), Optional.of("tok"), Optional.of("orders"),
                Optional.of("select ?"), List.of("?1"), Optional.of("ab"), Optional.of("sql"), Optional.of("sql:select"),
                Optional.of(RiskClass.READ), List.of("public.orders"), List.of(), Optional.of(Effect.ALLOW),
                List.of("p1"), Optional.of("ok"), Optional.of("127.0.0.1"), Optional.empty());

        AuditRecord record = AuditRecord.of(intent);

        assertThat(record.kind()).isEqualTo(AuditRecord.Kind.INTENT);
        assertThat(record.protocol()).contains("sql");
        assertThat(record.action()).contains("sql:select");
        assertThat(record.resourcesRead()).containsExactly("public.orders");
        assertThat(record.effect()).contains(Effect.ALLOW);
        assertThat(record.status()).isEmpty();
        assertThat(record.chain()).isEmpty();
    }

    @Test
    void of_whenGivenAnOutcome_keepsStatusCountsAndCredentials() {
        AuditRecord record = AuditRecord.of(new AuditOutcome("r-1", AT, RequestStatus.COMPLETED, 7, Optional.of(2),
                Optional.empty(), Map.of("email", 1), Optional.empty(), Optional.empty(),
                Optional.of(CredentialsUsed.databaseUser("app"))));

        assertThat(record.status()).contains(RequestStatus.COMPLETED);
        assertThat(record.rowCount()).contains(2L);
        assertThat(record.maskedCounts()).containsEntry("email", 1L);
        assertThat(record.credentials()).contains(CredentialsUsed.databaseUser("app"));
    }

    @Test
    void inChainAndWithHash_whenAppended_placeAndHashTheRecord() {
        AuditRecord step = AuditRecord.of(new ApprovalEvent("r-1", ApprovalEvent.Kind.DENIED, Optional.of("alice"), AT,
                Optional.of("no"), Optional.empty()));
        AuditRecord.ChainPosition place = new AuditRecord.ChainPosition("c1", 3, "0".repeat(64));

        AuditRecord hashed = step.inChain(place).withHash("f".repeat(64));

        assertThat(hashed.chain()).contains(place);
        assertThat(hashed.hash()).contains("f".repeat(64));
        assertThat(hashed.withoutHash()).isEqualTo(step.inChain(place));
    }

    @Test
    void build_whenAKindLacksWhatItNeeds_fails() {
        assertThatThrownBy(() -> AuditRecord.builder(AuditRecord.Kind.OUTCOME, "r-1", AT).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status and duration");
        assertThatThrownBy(() -> AuditRecord.builder(AuditRecord.Kind.APPROVAL_STEP, "r-1", AT).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs its step");
        assertThatThrownBy(() -> AuditRecord.builder(AuditRecord.Kind.INTENT, "r-1", AT)
                .hash(Optional.of("f".repeat(64))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("place in a chain");
    }

    @Test
    void toString_whenTheRecordHoldsAStatementAndIdentities_leavesThemOut() {
        AuditRecord record = AuditRecord.builder(AuditRecord.Kind.INTENT, "r-1", AT)
                .statement(Optional.of("select secret")).params(List.of("hunter2"))
                .agentId(Optional.of("bot")).sourceIp(Optional.of("10.0.0.1")).build();

        assertThat(record.toString()).contains("r-1").doesNotContain("secret", "hunter2", "bot", "10.0.0.1");
    }
}
