package dev.airlock.approvals.aws;

import dev.airlock.core.audit.AuditRecord;
import dev.airlock.audit.aws.DynamoDbAuditLog;
import dev.airlock.audit.aws.DynamoDbAuditTrail;
import dev.airlock.audit.aws.DynamoDbAuditVerifier;
import dev.airlock.aws.support.AirlockTables;
import dev.airlock.aws.support.LocalDynamoDb;

import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.ApproverDecision;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.model.StatementKind;
import dev.airlock.aws.support.Items;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.util.Arrays;
import dev.airlock.core.approval.ApprovalRefusedException;
import dev.airlock.core.approval.ApprovalService;
import dev.airlock.core.port.ApproverDirectory;
import org.junit.jupiter.api.BeforeAll;
import dev.airlock.core.approval.ApprovalStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approval store contract (layers/core's {@code ApprovalStoreContract}, also run against the
 * in-memory fake) on the real DynamoDB Local, plus what only the table has: its status index on
 * an old table, and races of concurrent approvers and executors through the service.
 */
class DynamoDbApprovalStoreTest extends ApprovalStoreContract {

    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();

    private static final Instant HELD_AT = Instant.parse("2026-11-24T10:00:00Z");

    static DynamoDbApprovalStore store;
    static AirlockTables tables;

    @BeforeAll
    static void tables() {
        tables = LOCAL.newTables("approvals");
        store = new DynamoDbApprovalStore(LOCAL.client(), tables.approvals());
    }

    @Override
    protected DynamoDbApprovalStore store() {
        return store;
    }

    @Test
    void theStatusIndexIsCreatedAndAddedToAnOldTable() {
        software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo = LOCAL.client();
        dynamo.createTable(b -> b.tableName("old-approvals")
                .attributeDefinitions(a -> a.attributeName("requestId")
                        .attributeType(software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("requestId")
                        .keyType(software.amazon.awssdk.services.dynamodb.model.KeyType.HASH))
                .billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST));
        new AirlockTables("old-audit", "old-approvals").createIfMissing(dynamo);
        assertThat(dynamo.describeTable(b -> b.tableName("old-approvals")).table().globalSecondaryIndexes())
                .extracting(GlobalSecondaryIndexDescription::indexName).contains(AirlockTables.BY_STATUS);
        DynamoDbApprovalStore old = new DynamoDbApprovalStore(dynamo, "old-approvals");
        old.hold(pending("in-old-table"));
        assertThat(old.list(ApprovalState.PENDING)).extracting(ApprovalRecord::requestId).contains("in-old-table");
    }

    @Test
    void concurrentApproversAllCountOnceAndExactlyOneExecutorWins() throws Exception {
        ApproverDirectory directory = new ApproverDirectory() {
            @Override
            public boolean isApprover(String approverId) {
                return approverId.startsWith("dba-");
            }

            @Override
            public java.util.Set<String> groupsOf(String approverId) {
                return isApprover(approverId) ? java.util.Set.of("dba") : java.util.Set.of();
            }
        };
        DynamoDbAuditLog audit = new DynamoDbAuditLog(LOCAL.client(), tables.audit());
        ApprovalService service = new ApprovalService(store, directory, audit, java.time.Clock.systemUTC());
        String id = newId();
        PendingRequest p = pending(id);
        Instant now = Instant.now();
        store.hold(new PendingRequest(id, p.agentId(), p.operation(), p.requestSha256(), p.facts(), p.summary(),
                p.policyIds(), List.of(new ApprovalRequirement("dba", 3, Duration.ofHours(1), Duration.ofMinutes(15))),
                now, now.plus(Duration.ofHours(1))));
        List<Thread> threads = new ArrayList<>();
        for (String who : List.of("dba-1", "dba-2", "dba-3", "dba-1", "dba-2", "dba-3")) {
            threads.add(Thread.ofPlatform().start(() -> service.approve(id, who)));
        }
        for (Thread t : threads) {
            t.join();
        }
        ApprovalRecord approved = store.find(id).orElseThrow();
        assertThat(approved.state()).isEqualTo(ApprovalState.APPROVED);
        assertThat(approved.approvals()).extracting(ApproverDecision::approverId)
                .containsExactlyInAnyOrder("dba-1", "dba-2", "dba-3");
        List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
        long claimed = dev.airlock.testing.Race.winners(6, () -> {
            try {
                service.claimExecution(id, "ops-bot");
                return true;
            } catch (ApprovalRefusedException e) {
                refusals.add(e.kind().name());
                return false;
            }
        });
        assertThat(claimed).isEqualTo(1);
        assertThat(refusals).hasSize(5).containsOnly("ALREADY_EXECUTED");
        service.recordResult(id, "exec-" + id, true, Optional.empty());

        // The audit trail has one record per counted approval and one for the execution, by approver too,
        // and its hash chains still verify.
        DynamoDbAuditTrail trail = new DynamoDbAuditTrail(LOCAL.client(), tables.audit());
        assertThat(trail.approvalSteps(id)).extracting(step -> step.approvalStep().orElseThrow().word())
                .containsExactly("approved", "approved", "approved", "executed");
        assertThat(trail.approvalSteps(id).get(3).executionId()).contains("exec-" + id);
        assertThat(trail.byApprover("dba-2", now.minusSeconds(60), Instant.now().plusSeconds(60)))
                .extracting(AuditRecord::requestId).containsExactly(id);
        DynamoDbAuditVerifier.Report report = new DynamoDbAuditVerifier(LOCAL.client(), tables.audit(), Map.of())
                .verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.records()).isGreaterThanOrEqualTo(4);
    }

    /** Moved from DynamoDbAuditLogTest with the split: the held request keeps its statement exactly. */
    @Test
    void hold_keepsTheExactStatementAndTypedParameters() {
        store.hold(new PendingRequest("typed-params-1", "ops-bot",
                new SqlRequest("demo", "delete from orders where id = ? and note = ?", Arrays.asList(7, null)),
                "cd".repeat(32), StatementKind.DELETE, RiskClass.WRITE, List.of("ops-change-demo-with-approval"),
                List.of(new ApprovalRequirement("dba", 2, Duration.ofHours(1), Duration.ofMinutes(15))),
                HELD_AT, HELD_AT.plusSeconds(3600)));

        Map<String, AttributeValue> item = LOCAL.client().getItem(b -> b.tableName(tables.approvals())
                .key(Map.of("requestId", AttributeValue.fromS("typed-params-1")))).item();
        assertThat(item.get("status").s()).isEqualTo("PENDING");
        assertThat(item.get("protocol").s()).isEqualTo("sql");
        assertThat(item.get("sql").s()).isEqualTo("delete from orders where id = ? and note = ?");
        assertThat(item.get("params").l()).extracting(Items::scalarValue).containsExactly(7L, null);
        assertThat(Items.stringList(item.get("operationFields"))).containsExactly("sql", "params");
        assertThat(item.get("expiresAt").s()).isEqualTo("2026-11-24T11:00:00Z");
        assertThat(item.get("approvals").l()).singleElement().satisfies(a -> {
            assertThat(a.m().get("group").s()).isEqualTo("dba");
            assertThat(a.m().get("approvals").n()).isEqualTo("2");
            assertThat(a.m().get("validForSeconds").n()).isEqualTo("900");
        });
    }
}
