package dev.airlock.audit.aws;

import dev.airlock.aws.support.AirlockTables;
import dev.airlock.aws.support.Items;
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
import dev.airlock.core.model.TableAccess;
import dev.airlock.core.model.TableRef;
import dev.airlock.core.port.AuditUnavailableException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DynamoDB adapters against the real DynamoDB Local. */
class DynamoDbAuditLogTest {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();
    private static DynamoDbClient dynamo;
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    @BeforeAll
    static void start() {
        dynamo = LOCAL.client();
        AirlockTables.DEFAULT.createIfMissing(dynamo);
        AirlockTables.DEFAULT.createIfMissing(dynamo);
    }

    private final DynamoDbAuditLog audit = new DynamoDbAuditLog(dynamo, AirlockTables.DEFAULT.audit());

    private static Map<String, AttributeValue> item(String requestId, String phase) {
        return dynamo.getItem(b -> b.tableName("airlock-audit").key(Map.of(
                "requestId", AttributeValue.fromS(requestId), "phase", AttributeValue.fromS(phase)))).item();
    }

    private static AuditIntent intent(String requestId) {
        SqlClassification c = SqlClassification.builder(StatementKind.SELECT, RiskClass.READ)
                .accesses(List.of(new TableAccess(TableRef.of(null, "customers"), StatementKind.SELECT))).build();
        return AuditIntent.builder(requestId, AT)
                .agent(new AgentIdentity("reporting-bot", "jti-1", AT, AT.plusSeconds(900)))
                .target("demo")
                .statement("select * from customers where email = ?", List.of("[EMAIL]"), "ab".repeat(32))
                .classification(c)
                .decision(PolicyDecision.allow(List.of("reporting-read-demo"), "Allowed.", List.of(), 1000))
                .sourceIp("127.0.0.1")
                .build();
    }

    @Test
    void recordIntentAndOutcome_storesBothRecordsOfTheRequest() {
        audit.recordIntent(intent("r-1"));
        audit.recordOutcome(new AuditOutcome("r-1", AT.plusMillis(12), RequestStatus.COMPLETED, 12,
                Optional.of(5), Optional.empty(), Map.of("email", 5), Optional.empty(), Optional.empty()));

        Map<String, AttributeValue> intent = item("r-1", "intent");
        assertThat(intent.get("agentId").s()).isEqualTo("reporting-bot");
        assertThat(intent.get("kind").s()).isEqualTo("sql:select");
        assertThat(intent.get("tablesRead").l()).extracting(AttributeValue::s).containsExactly("public.customers");
        assertThat(intent.get("policyIds").l()).extracting(AttributeValue::s).containsExactly("reporting-read-demo");
        assertThat(intent.get("params").l()).extracting(AttributeValue::s).containsExactly("[EMAIL]");
        Map<String, AttributeValue> outcome = item("r-1", "outcome");
        assertThat(outcome.get("status").s()).isEqualTo("COMPLETED");
        assertThat(outcome.get("rowCount").n()).isEqualTo("5");
        assertThat(outcome.get("maskedCounts").m().get("email").n()).isEqualTo("5");
    }

    @Test
    void recordIntent_whenRecordExists_refusesToOverwrite() {
        audit.recordIntent(intent("r-2"));

        assertThatThrownBy(() -> audit.recordIntent(intent("r-2"))).isInstanceOf(AuditUnavailableException.class)
                .hasMessageContaining("never overwritten");
    }

    @Test
    void recordOutcome_whenProblem_storesItsTypeAndDetail() {
        audit.recordOutcome(new AuditOutcome("r-3", AT, RequestStatus.DENIED, 3, Optional.empty(), Optional.empty(),
                Map.of(), Optional.of(ProblemKind.POLICY_DENIED), Optional.of("No policy permits it.")));

        assertThat(item("r-3", "outcome").get("problem").s()).isEqualTo("policy-denied");
    }

    @Test
    void recordIntent_whenTableMissing_reportsAuditUnavailable() {
        DynamoDbAuditLog broken = new DynamoDbAuditLog(dynamo, "no-such-table");

        assertThatThrownBy(() -> broken.recordIntent(intent("r-4"))).isInstanceOf(AuditUnavailableException.class);
    }
}
