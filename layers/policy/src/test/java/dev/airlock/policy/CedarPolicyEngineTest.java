package dev.airlock.policy;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.Effect;
import dev.airlock.core.model.MaskStrategy;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableAccess;
import dev.airlock.core.model.TableRef;
import dev.airlock.core.port.PolicyQuery;
import dev.airlock.sql.engine.SqlPolicyChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo policies in the repository's policies/ folder, decided by the real Cedar engine. */
class CedarPolicyEngineTest {
    private static final TableRef CUSTOMERS = TableRef.of(null, "customers");
    private static final TableRef ORDERS = TableRef.of(null, "orders");
    private static CedarPolicyEngine engine;

    @BeforeAll
    static void load() throws Exception {
        engine = CedarPolicyEngine.load(PolicyBundle.fromDirectory(Path.of(System.getProperty("airlock.policies.dir"))));
    }

    private static PolicyDecision decide(String agent, StatementKind kind, RiskClass risk, boolean hasWhere,
                                         TableAccess... accesses) {
        SqlClassification c = SqlClassification.builder(kind, risk).accesses(List.of(accesses)).hasWhere(hasWhere)
                .build();
        Instant now = Instant.now();
        return engine.decide(SqlPolicyChecks.query(new AgentIdentity(agent, "jti", now, now.plusSeconds(60)),
                "demo", SqlDialect.POSTGRESQL, c, now, Optional.empty()));
    }

    private static TableAccess read(TableRef t) {
        return new TableAccess(t, StatementKind.SELECT);
    }

    @Test
    void decide_whenReportingBotSelectsCustomers_allowsWithMasking() {
        PolicyDecision d = decide("reporting-bot", StatementKind.SELECT, RiskClass.READ, false, read(CUSTOMERS));

        assertThat(d.effect()).isEqualTo(Effect.ALLOW);
        assertThat(d.policyIds()).containsExactly("reporting-read-demo");
        assertThat(d.maskRules()).contains(
                new ColumnMaskRule(Optional.of(CUSTOMERS), "email", "email", MaskStrategy.PARTIAL),
                new ColumnMaskRule(Optional.of(CUSTOMERS), "ssn", "ssn", MaskStrategy.REDACT),
                new ColumnMaskRule(Optional.of(CUSTOMERS), "card_number", "card", MaskStrategy.PARTIAL));
        assertThat(d.maxRows()).isEqualTo(500);
        assertThat(d.statementTimeout()).contains(java.time.Duration.ofSeconds(10));
    }

    @Test
    void decide_whenOpsBotSelects_allowsWithoutMaskRules() {
        PolicyDecision d = decide("ops-bot", StatementKind.SELECT, RiskClass.READ, false, read(ORDERS));

        assertThat(d.effect()).isEqualTo(Effect.ALLOW);
        assertThat(d.policyIds()).containsExactly("ops-read-demo");
        assertThat(d.maskRules()).as("its rules name customers' columns, and orders are not customers").isEmpty();
        assertThat(d.statementTimeout()).isEmpty();
    }

    @Test
    void decide_whenOpsBotSelectsCustomers_masksTheirPersonalData() {
        PolicyDecision d = decide("ops-bot", StatementKind.SELECT, RiskClass.READ, false, read(CUSTOMERS));

        assertThat(d.maskRules()).contains(
                new ColumnMaskRule(Optional.of(CUSTOMERS), "ssn", "ssn", MaskStrategy.REDACT),
                new ColumnMaskRule(Optional.of(CUSTOMERS), "phone", "phone", MaskStrategy.PSEUDONYM));
    }

    @Test
    void decide_whenOpsBotInsertsOrTruncates_deniesByDefault() {
        assertThat(decide("ops-bot", StatementKind.INSERT, RiskClass.WRITE, false,
                new TableAccess(ORDERS, StatementKind.INSERT)).effect()).isEqualTo(Effect.DENY);
        assertThat(decide("ops-bot", StatementKind.TRUNCATE, RiskClass.DESTRUCTIVE, false,
                new TableAccess(ORDERS, StatementKind.TRUNCATE)).effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void decide_whenReportingBotDeletes_deniesByDefault() {
        PolicyDecision d = decide("reporting-bot", StatementKind.DELETE, RiskClass.WRITE, true,
                new TableAccess(ORDERS, StatementKind.DELETE));

        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(d.policyIds()).isEmpty();
        assertThat(d.reason()).contains("No policy permits reporting-bot to run sql:delete on demo.public.orders");
    }

    @Test
    void decide_whenOpsBotDeletes_requiresApproval() {
        PolicyDecision d = decide("ops-bot", StatementKind.DELETE, RiskClass.WRITE, true,
                new TableAccess(ORDERS, StatementKind.DELETE));

        assertThat(d.effect()).isEqualTo(Effect.APPROVAL_REQUIRED);
        assertThat(d.policyIds()).containsExactly("ops-change-demo-with-approval");
    }

    @Test
    void decide_whenOpsBotUpdatesReadingAnotherTable_checksEachTableWithItsAccess() {
        PolicyDecision d = decide("ops-bot", StatementKind.UPDATE, RiskClass.WRITE, true,
                new TableAccess(ORDERS, StatementKind.UPDATE), read(CUSTOMERS));

        assertThat(d.effect()).isEqualTo(Effect.APPROVAL_REQUIRED);
    }

    @Test
    void decide_whenAnyoneDropsATable_forbidWinsAndIsNamed() {
        PolicyDecision d = decide("ops-bot", StatementKind.DDL, RiskClass.DESTRUCTIVE, false,
                new TableAccess(CUSTOMERS, StatementKind.DDL));

        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(d.policyIds()).containsExactly("no-schema-or-privilege-changes");
        assertThat(d.reason()).contains("forbids ops-bot to run sql:ddl on demo.public.customers");
    }

    @Test
    void decide_whenJoinTouchesATableNotInThePolicy_denies() {
        PolicyDecision d = decide("reporting-bot", StatementKind.SELECT, RiskClass.READ, false,
                read(CUSTOMERS), read(TableRef.of("pg_catalog", "pg_authid")));

        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(d.reason()).contains("demo.pg_catalog.pg_authid");
    }

    @Test
    void decide_whenStatementIsUnknown_deniesByDefault() {
        PolicyDecision d = decide("ops-bot", StatementKind.UNKNOWN, RiskClass.UNKNOWN, false);

        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(d.reason()).contains("sql:unknown on demo");
    }

    @Test
    void decide_whenAgentIsNotDeclared_denies() {
        assertThat(decide("stranger", StatementKind.SELECT, RiskClass.READ, false, read(CUSTOMERS)).effect())
                .isEqualTo(Effect.DENY);
    }

    @Test
    void decide_whenSelectTouchesNoTable_needsOnlyTheTargetPermit() {
        assertThat(decide("reporting-bot", StatementKind.SELECT, RiskClass.READ, false).effect())
                .isEqualTo(Effect.ALLOW);
    }
}
