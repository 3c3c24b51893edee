package dev.airlock.aws;

import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.ApproverDecision;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.approval.ApprovalRefusedException;
import dev.airlock.core.approval.ApprovalService;
import dev.airlock.core.port.ApproverDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The approval store contract (the same cases as {@code ApprovalStoreContract} in layers/core,
 * which runs them against the in-memory fake; modules do not share test classes) on the real
 * DynamoDB Local, plus races of concurrent approvers and executors through the service.
 */
class DynamoDbApprovalStoreTest {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();

    static DynamoDbApprovalStore store;
    static AirlockTables tables;

    @BeforeAll
    static void tables() {
        tables = LOCAL.newTables("approvals");
        store = new DynamoDbApprovalStore(LOCAL.client(), tables.approvals());
    }

    DynamoDbApprovalStore store() {
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
        store.hold(new PendingRequest(id, p.agentId(), p.request(), p.requestSha256(), p.kind(), p.risk(),
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
        List<String> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        threads.clear();
        for (int i = 0; i < 6; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    service.claimExecution(id, "ops-bot");
                    outcomes.add("claimed");
                } catch (ApprovalRefusedException e) {
                    outcomes.add(e.kind().name());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(outcomes).hasSize(6).containsOnlyOnce("claimed");
        assertThat(outcomes.stream().filter(o -> !o.equals("claimed"))).containsOnly("ALREADY_EXECUTED");
        service.recordResult(id, "exec-" + id, true, Optional.empty());

        // The audit trail has one record per counted approval and one for the execution, by approver too,
        // and its hash chains still verify.
        DynamoDbAuditTrail trail = new DynamoDbAuditTrail(LOCAL.client(), tables.audit());
        assertThat(trail.approvalSteps(id)).extracting(AuditApprovalStep::event)
                .containsExactly("approved", "approved", "approved", "executed");
        assertThat(trail.approvalSteps(id).get(3).executionId()).contains("exec-" + id);
        assertThat(trail.byApprover("dba-2", now.minusSeconds(60), Instant.now().plusSeconds(60)))
                .extracting(AuditApprovalStep::requestId).containsExactly(id);
        DynamoDbAuditVerifier.Report report = new DynamoDbAuditVerifier(LOCAL.client(), tables.audit(), Map.of())
                .verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.records()).isGreaterThanOrEqualTo(4);
    }

    static PendingRequest pending(String id) {
        return new PendingRequest(id, "ops-bot", new SqlRequest("demo", "delete from orders where id = ?",
                Arrays.asList(42L, "x", null, true)), "sha-" + id, StatementKind.DELETE, RiskClass.WRITE,
                List.of("ops-bot-deletes-with-approval"),
                List.of(new ApprovalRequirement("dba", 1, Duration.ofHours(1), Duration.ofMinutes(15))),
                T0, T0.plus(Duration.ofHours(1)));
    }

    static String newId() {
        return "req-" + UUID.randomUUID();
    }

    @Test
    void holdsAndFindsTheExactRequest() {
        String id = newId();
        store().hold(pending(id));
        ApprovalRecord r = store().find(id).orElseThrow();
        assertThat(r.state()).isEqualTo(ApprovalState.PENDING);
        assertThat(r.pending().request()).isEqualTo(pending(id).request());
        assertThat(r.pending()).isEqualTo(pending(id));
        assertThat(store().list(ApprovalState.PENDING)).extracting(ApprovalRecord::requestId).contains(id);
        assertThatThrownBy(() -> store().hold(pending(id))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void approvalIsConditionalOnVersionAndDistinctApprover() {
        String id = newId();
        store().hold(pending(id));
        ApproverDecision alice = new ApproverDecision("alice", List.of("dba"), T0.plusSeconds(5));
        assertThat(store().recordApproval(id, 0, alice, Optional.empty())).isPresent();
        assertThat(store().recordApproval(id, 0, new ApproverDecision("carol", List.of("dba"), T0.plusSeconds(6)),
                Optional.empty())).as("stale version").isEmpty();
        assertThat(store().recordApproval(id, 1, alice, Optional.empty())).as("same approver").isEmpty();
        ApprovalRecord approved = store().recordApproval(id, 1,
                new ApproverDecision("carol", List.of("dba"), T0.plusSeconds(7)),
                Optional.of(T0.plusSeconds(907))).orElseThrow();
        assertThat(approved.state()).isEqualTo(ApprovalState.APPROVED);
        assertThat(approved.approvals()).extracting(ApproverDecision::approverId).containsExactly("alice", "carol");
        assertThat(store().find(id).orElseThrow()).isEqualTo(approved);
        assertThat(store().list(ApprovalState.APPROVED)).extracting(ApprovalRecord::requestId).contains(id);
        assertThat(store().list(ApprovalState.PENDING)).extracting(ApprovalRecord::requestId).doesNotContain(id);
    }

    @Test
    void noApprovalAfterExpiry() {
        String id = newId();
        store().hold(pending(id));
        assertThat(store().recordApproval(id, 0, new ApproverDecision("alice", List.of("dba"),
                T0.plus(Duration.ofHours(1))), Optional.of(T0.plus(Duration.ofHours(2))))).isEmpty();
        assertThat(store().expire(id, ApprovalState.PENDING, T0.plusSeconds(10))).as("not yet due").isFalse();
        assertThat(store().expire(id, ApprovalState.PENDING, T0.plus(Duration.ofHours(1)))).isTrue();
        assertThat(store().expire(id, ApprovalState.PENDING, T0.plus(Duration.ofHours(1)))).isFalse();
        assertThat(store().find(id).orElseThrow().state()).isEqualTo(ApprovalState.EXPIRED);
    }

    @Test
    void denialEndsIt() {
        String id = newId();
        store().hold(pending(id));
        assertThat(store().recordDenial(id, 0, "alice", "not today", T0.plusSeconds(1))).isTrue();
        assertThat(store().recordDenial(id, 0, "alice", "again", T0.plusSeconds(2))).isFalse();
        ApprovalRecord r = store().find(id).orElseThrow();
        assertThat(r.state()).isEqualTo(ApprovalState.DENIED);
        assertThat(r.deniedBy()).contains("alice");
        assertThat(r.reason()).contains("not today");
        assertThat(store().claimExecution(id, T0.plusSeconds(3))).isFalse();
    }

    @Test
    void exactlyOneExecutionClaimWinsAndTheResultIsRecordedOnce() throws Exception {
        String id = newId();
        store().hold(pending(id));
        Instant until = T0.plusSeconds(900);
        store().recordApproval(id, 0, new ApproverDecision("alice", List.of("dba"), T0), Optional.of(until));
        assertThat(store().claimExecution(id, until)).as("approval no longer usable").isFalse();
        List<Thread> threads = new ArrayList<>();
        List<Boolean> wins = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform().start(() -> wins.add(store().claimExecution(id, T0.plusSeconds(10)))));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(wins).hasSize(8).containsOnlyOnce(true);
        assertThat(store().find(id).orElseThrow().state()).isEqualTo(ApprovalState.EXECUTING);
        assertThat(store().recordResult(id, true, Optional.empty(), T0.plusSeconds(11))).isTrue();
        assertThat(store().recordResult(id, false, Optional.of("again"), T0.plusSeconds(12))).isFalse();
        assertThat(store().find(id).orElseThrow().state()).isEqualTo(ApprovalState.EXECUTED);
        assertThat(store().claimExecution(id, T0.plusSeconds(13))).isFalse();
    }

    @Test
    void anUnusedApprovalExpires() {
        String id = newId();
        store().hold(pending(id));
        Instant until = T0.plusSeconds(900);
        store().recordApproval(id, 0, new ApproverDecision("alice", List.of("dba"), T0), Optional.of(until));
        assertThat(store().expire(id, ApprovalState.APPROVED, T0.plusSeconds(899))).isFalse();
        assertThat(store().expire(id, ApprovalState.PENDING, until)).isFalse();
        assertThat(store().expire(id, ApprovalState.APPROVED, until)).isTrue();
        assertThat(store().find(id).orElseThrow().state()).isEqualTo(ApprovalState.EXPIRED);
    }

    @Test
    void unknownRequests() {
        assertThat(store().find("nope")).isEmpty();
        assertThat(store().claimExecution("nope", T0)).isFalse();
        assertThat(store().expire("nope", ApprovalState.PENDING, T0)).isFalse();
        assertThat(store().recordDenial("nope", 0, "alice", "x", T0)).isFalse();
    }
}
