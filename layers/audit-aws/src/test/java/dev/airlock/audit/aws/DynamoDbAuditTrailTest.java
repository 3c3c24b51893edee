package dev.airlock.audit.aws;

import dev.airlock.audit.AuditSearch;
import dev.airlock.aws.support.AirlockTables;
import dev.airlock.aws.support.LocalDynamoDb;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.StatementKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Auditors' searches over the real DynamoDB Local, through the agent, target and decision indexes. */
class DynamoDbAuditTrailTest {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();
    private static DynamoDbClient dynamo;
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final AirlockTables TABLES = new AirlockTables("trail-audit", "trail-approvals");
    private static DynamoDbAuditTrail trail;

    @BeforeAll
    static void start() {
        dynamo = LOCAL.client();
        TABLES.createIfMissing(dynamo);
        DynamoDbAuditLog audit = new DynamoDbAuditLog(dynamo, TABLES.audit());
        // r-1..r-6, one second apart: two agents, two targets, every decision.
        write(audit, "r-1", 0, "reporting-bot", "demo", PolicyDecision.allow(List.of("read"), "ok", List.of(), 500), true);
        write(audit, "r-2", 1, "ops-bot", "demo", PolicyDecision.deny(List.of("no-ddl"), "no DDL"), true);
        write(audit, "r-3", 2, "ops-bot", "crm", PolicyDecision.allow(List.of("read"), "ok", List.of(), 500), true);
        write(audit, "r-4", 3, "reporting-bot", "crm", PolicyDecision.deny(List.of(), "no policy"), true);
        write(audit, "r-5", 4, "ops-bot", "demo", PolicyDecision.allow(List.of("read"), "ok", List.of(), 500), false);
        write(audit, "r-6", 5, "reporting-bot", "demo", PolicyDecision.allow(List.of("read"), "ok", List.of(), 500), true);
        trail = new DynamoDbAuditTrail(dynamo, TABLES.audit());
    }

    private static void write(DynamoDbAuditLog audit, String id, int second, String agent, String target,
                              PolicyDecision decision, boolean finished) {
        Instant at = T0.plusSeconds(second);
        audit.recordIntent(AuditIntent.builder(id, at)
                .agent(new AgentIdentity(agent, "jti-" + id, at, at.plusSeconds(900)))
                .target(target)
                .statement("select * from customers where email = ?", List.of("[EMAIL]"), "ab".repeat(32))
                .classification(SqlClassification.builder(StatementKind.SELECT, RiskClass.READ).build())
                .decision(decision)
                .build());
        if (finished) {
            boolean denied = decision.effect().name().equals("DENY");
            audit.recordOutcome(new AuditOutcome(id, at.plusMillis(8), denied ? RequestStatus.DENIED
                    : RequestStatus.COMPLETED, 8, denied ? Optional.empty() : Optional.of(3), Optional.empty(),
                    denied ? Map.of() : Map.of("email", 3), denied ? Optional.of(ProblemKind.POLICY_DENIED)
                    : Optional.empty(), Optional.empty()));
        }
    }

    private static AuditSearch search(String agent, String target, String decision) {
        return new AuditSearch(Optional.ofNullable(agent), Optional.ofNullable(target), Optional.ofNullable(decision),
                T0.minusSeconds(60), T0.plusSeconds(60), 100);
    }

    private static List<String> ids(List<AuditEntry> entries) {
        return entries.stream().map(AuditEntry::requestId).toList();
    }

    @Test
    void search_byAgent_findsItsRequestsNewestFirstWithOutcomes() {
        List<AuditEntry> found = trail.search(search("reporting-bot", null, null));

        assertThat(ids(found)).containsExactly("r-6", "r-4", "r-1");
        assertThat(found.getFirst().status()).isEqualTo("COMPLETED");
        assertThat(found.getFirst().maskedCounts()).containsEntry("email", 3L);
        assertThat(found.get(1).status()).isEqualTo("DENIED");
    }

    @Test
    void search_byTargetAndDecision_appliesBothFilters() {
        assertThat(ids(trail.search(search(null, "demo", "DENY")))).containsExactly("r-2");
        assertThat(ids(trail.search(search("ops-bot", "demo", null)))).containsExactly("r-5", "r-2");
    }

    @Test
    void search_byDecision_findsEveryAgentsDenials() {
        assertThat(ids(trail.search(search(null, null, "DENY")))).containsExactly("r-4", "r-2");
    }

    @Test
    void search_withoutFilters_readsTheTimeRangeAndHonoursTheLimit() {
        assertThat(ids(trail.search(new AuditSearch(Optional.empty(), Optional.empty(), Optional.empty(),
                T0.plusSeconds(1), T0.plusSeconds(3), 100)))).containsExactly("r-4", "r-3", "r-2");
        assertThat(ids(trail.search(new AuditSearch(Optional.empty(), Optional.empty(), Optional.empty(),
                T0.minusSeconds(60), T0.plusSeconds(60), 2)))).containsExactly("r-6", "r-5");
    }

    @Test
    void request_whenOutcomeIsMissing_saysSo() {
        AuditEntry entry = trail.request("r-5").orElseThrow();

        assertThat(entry.agentId()).hasValue("ops-bot");
        assertThat(entry.params()).containsExactly("[EMAIL]");
        assertThat(entry.status()).isEqualTo("NO_OUTCOME_YET");
        assertThat(trail.request("no-such-request")).isEmpty();
    }

    @Test
    void reconcile_marksOnlyAbandonedRequestsAndOnlyOnce() {
        AirlockTables tables = new AirlockTables("reconcile-audit", "reconcile-approvals");
        tables.createIfMissing(dynamo);
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, tables.audit());
        DynamoDbAuditTrail reconciled = new DynamoDbAuditTrail(dynamo, tables.audit());
        write(log, "old-open", 0, "ops-bot", "demo", PolicyDecision.allow(List.of("read"), "ok", List.of(), 5), false);
        write(log, "old-done", 1, "ops-bot", "demo", PolicyDecision.allow(List.of("read"), "ok", List.of(), 5), true);
        write(log, "new-open", 590, "ops-bot", "demo", PolicyDecision.allow(List.of("read"), "ok", List.of(), 5), false);
        Clock tenMinutesLater = Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC);
        DynamoDbAuditReconciler reconciler = new DynamoDbAuditReconciler(reconciled, log, Duration.ofMinutes(2),
                tenMinutesLater);

        assertThat(reconciler.reconcile()).isEqualTo(1);
        assertThat(reconciler.reconcile()).isZero();
        AuditEntry abandoned = reconciled.request("old-open").orElseThrow();
        assertThat(abandoned.status()).isEqualTo("OUTCOME_UNKNOWN");
        assertThat(abandoned.durationMillis()).hasValue(600_000L);
        assertThat(reconciled.request("old-done").orElseThrow().status()).isEqualTo("COMPLETED");
        assertThat(reconciled.request("new-open").orElseThrow().status()).isEqualTo("NO_OUTCOME_YET");
    }

    @Test
    void reconcile_nextRun_readsOnlyIntentsSinceTheLastAndSkipsThoseStillBeingWritten() {
        AirlockTables tables = new AirlockTables("mark-audit", "mark-approvals");
        tables.createIfMissing(dynamo);
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, tables.audit());
        DynamoDbAuditTrail reconciled = new DynamoDbAuditTrail(dynamo, tables.audit());
        write(log, "denied-open", 0, "ops-bot", "demo", PolicyDecision.deny(List.of("no-ddl"), "no"), false);
        write(log, "in-journal", 10, "ops-bot", "demo", PolicyDecision.allow(List.of("read"), "ok", List.of(), 5), false);
        java.util.Set<String> stillBeingWritten = new java.util.HashSet<>(Set.of("in-journal"));
        DynamoDbAuditReconciler first = new DynamoDbAuditReconciler(reconciled, log, Duration.ofMinutes(2),
                Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC), stillBeingWritten::contains);

        assertThat(first.reconcile()).as("a denied request left open is closed too").isEqualTo(1);
        assertThat(reconciled.request("in-journal").orElseThrow().status()).isEqualTo("NO_OUTCOME_YET");

        // Written after the first run, but opened before its cutoff: only the skipped request keeps the window open.
        write(log, "late-open", 5, "ops-bot", "demo", PolicyDecision.allow(List.of("read"), "ok", List.of(), 5), false);
        stillBeingWritten.clear();
        DynamoDbAuditReconciler second = new DynamoDbAuditReconciler(reconciled, log, Duration.ofMinutes(2),
                Clock.fixed(T0.plusSeconds(900), ZoneOffset.UTC), stillBeingWritten::contains);

        assertThat(second.reconcile()).isEqualTo(1);
        assertThat(reconciled.request("in-journal").orElseThrow().status()).isEqualTo("OUTCOME_UNKNOWN");
        assertThat(reconciled.request("late-open").orElseThrow().status())
                .as("before the mark the first run left: not read again").isEqualTo("NO_OUTCOME_YET");
        assertThat(new DynamoDbAuditVerifier(dynamo, tables.audit(), Map.of()).verify().problems())
                .as("the mark is bookkeeping, not a record").isEmpty();
    }

    @Test
    void createIfMissing_whenTableIsFromBeforeTheIndexes_addsThem() {
        dynamo.createTable(b -> b.tableName("legacy-audit").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("requestId")
                                .attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("phase").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("requestId").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("phase").keyType(KeyType.RANGE).build()));
        AirlockTables legacy = new AirlockTables("legacy-audit", "legacy-approvals");

        legacy.createIfMissing(dynamo);
        write(new DynamoDbAuditLog(dynamo, "legacy-audit"), "l-1", 0, "ops-bot", "demo",
                PolicyDecision.deny(List.of(), "no policy"), true);

        assertThat(ids(new DynamoDbAuditTrail(dynamo, "legacy-audit").search(search("ops-bot", null, null))))
                .containsExactly("l-1");
    }
}
