package dev.airlock.policy;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.Effect;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableAccess;
import dev.airlock.core.model.TableRef;
import dev.airlock.core.port.PolicyQuery;
import dev.airlock.sql.engine.SqlPolicyChecks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Policies that read the request's time, source address, token and statement facts decide on them. */
class ContextConditionsTest {
    private static final Path REPO_POLICIES = Path.of(System.getProperty("airlock.policies.dir"));
    private static final SqlClassification SELECT_ORDERS = SqlClassification.builder(StatementKind.SELECT, RiskClass.READ)
            .accesses(List.of(new TableAccess(TableRef.of(null, "orders"), StatementKind.SELECT)))
            .columnsRead(List.of("public.orders.total")).build();

    @TempDir
    Path dir;

    @BeforeEach
    void bundleWithOnlyThisPolicy() throws IOException {
        Files.copy(REPO_POLICIES.resolve("airlock.cedarschema"), dir.resolve("airlock.cedarschema"));
        Files.copy(REPO_POLICIES.resolve("entities.json"), dir.resolve("entities.json"));
    }

    private Effect decide(String policy, Instant now, String sourceIp, Instant tokenExpiry) throws Exception {
        Files.writeString(dir.resolve("p.cedar"), policy);
        CedarPolicyEngine engine = CedarPolicyEngine.load(PolicyBundle.fromDirectory(dir));
        AgentIdentity agent = new AgentIdentity("ops-bot", "t1", now.minusSeconds(60), tokenExpiry);
        return engine.decide(SqlPolicyChecks.query(agent, "demo", SqlDialect.POSTGRESQL, SELECT_ORDERS, now,
                Optional.ofNullable(sourceIp))).effect();
    }

    @Test
    void decide_whenPolicyLimitsTheHour_followsTheClock() throws Exception {
        String workingHours = """
                permit (principal, action == Action::"sql:select", resource)
                when { context.request.hourUtc >= 8 && context.request.hourUtc < 18 };
                """;
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");

        assertThat(decide(workingHours, Instant.parse("2026-03-02T09:00:00Z"), null, expiry)).isEqualTo(Effect.ALLOW);
        assertThat(decide(workingHours, Instant.parse("2026-03-02T23:00:00Z"), null, expiry)).isEqualTo(Effect.DENY);
    }

    @Test
    void decide_whenPolicyComparesDatetimes_getsThem() throws Exception {
        String beforeCutover = """
                permit (principal, action == Action::"sql:select", resource)
                when { context.request.now < datetime("2026-06-01T00:00:00Z") };
                """;
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");

        assertThat(decide(beforeCutover, Instant.parse("2026-05-31T12:00:00Z"), null, expiry)).isEqualTo(Effect.ALLOW);
        assertThat(decide(beforeCutover, Instant.parse("2026-06-01T12:00:00Z"), null, expiry)).isEqualTo(Effect.DENY);
    }

    @Test
    void decide_whenPolicyRequiresANetwork_checksTheSourceAddress() throws Exception {
        String officeOnly = """
                permit (principal, action == Action::"sql:select", resource)
                when { context.request has sourceIp && context.request.sourceIp.isInRange(ip("10.0.0.0/8")) };
                """;
        Instant now = Instant.parse("2026-03-02T09:00:00Z");
        Instant expiry = now.plusSeconds(600);

        assertThat(decide(officeOnly, now, "10.1.2.3", expiry)).isEqualTo(Effect.ALLOW);
        assertThat(decide(officeOnly, now, "203.0.113.9", expiry)).isEqualTo(Effect.DENY);
        assertThat(decide(officeOnly, now, null, expiry)).isEqualTo(Effect.DENY);
    }

    @Test
    void decide_whenPolicyReadsTokenAndColumns_seesThem() throws Exception {
        String freshTokensAndTotalsOnly = """
                permit (principal, action == Action::"sql:select", resource)
                when { context.token.secondsLeft > 120 && context.columnsRead.contains("public.orders.total") };
                """;
        Instant now = Instant.parse("2026-03-02T09:00:00Z");

        assertThat(decide(freshTokensAndTotalsOnly, now, null, now.plusSeconds(600))).isEqualTo(Effect.ALLOW);
        assertThat(decide(freshTokensAndTotalsOnly, now, null, now.plusSeconds(60))).isEqualTo(Effect.DENY);
    }
}
