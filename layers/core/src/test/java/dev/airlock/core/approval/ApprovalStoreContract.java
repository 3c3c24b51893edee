package dev.airlock.core.approval;

import dev.airlock.core.engine.MaskedSummary;
import dev.airlock.core.engine.RequestFacts;
import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.ApproverDecision;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link dev.airlock.core.port.ApprovalStore} must do; run against the in-memory
 * fake here and against DynamoDB Local in layers/approvals-aws ({@code DynamoDbApprovalStoreTest}, which
 * extends this class from layers/core's test jar).
 */
public abstract class ApprovalStoreContract {
    public static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    protected abstract dev.airlock.core.port.ApprovalStore store();

    public static PendingRequest pending(String id) {
        // Frozen facts and summary too: a store keeps them, so pages and notices need not classify again.
        return new PendingRequest(id, "ops-bot", new SqlRequest("demo", "delete from orders where id = ?",
                Arrays.asList(42L, "x", null, true)).held(), "sha-" + id,
                new RequestFacts("sql", "demo", "DELETE", "sql:delete", RiskClass.WRITE,
                        List.of("demo.public.orders"), List.of(), List.of("public.orders")),
                new MaskedSummary("delete from orders where id = ?", List.of("42", "[REDACTED]", "null", "true")),
                List.of("ops-bot-deletes-with-approval"),
                List.of(new ApprovalRequirement("dba", 1, Duration.ofHours(1), Duration.ofMinutes(15))),
                T0, T0.plus(Duration.ofHours(1)));
    }

    public static String newId() {
        return "req-" + UUID.randomUUID();
    }

    @Test
    public void holdsAndFindsTheExactRequest() {
        String id = newId();
        store().hold(pending(id));
        ApprovalRecord r = store().find(id).orElseThrow();
        assertThat(r.state()).isEqualTo(ApprovalState.PENDING);
        assertThat(r.pending().operation()).isEqualTo(pending(id).operation());
        assertThat(r.pending().facts()).isEqualTo(pending(id).facts());
        assertThat(r.pending().summary()).isEqualTo(pending(id).summary());
        assertThat(r.pending()).isEqualTo(pending(id));
        assertThat(store().list(ApprovalState.PENDING)).extracting(ApprovalRecord::requestId).contains(id);
        assertThatThrownBy(() -> store().hold(pending(id))).isInstanceOf(RuntimeException.class);
    }

    @Test
    public void approvalIsConditionalOnVersionAndDistinctApprover() {
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
    public void noApprovalAfterExpiry() {
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
    public void denialEndsIt() {
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
    public void exactlyOneExecutionClaimWinsAndTheResultIsRecordedOnce() throws Exception {
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
    public void anUnusedApprovalExpires() {
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
    public void unknownRequests() {
        assertThat(store().find("nope")).isEmpty();
        assertThat(store().claimExecution("nope", T0)).isFalse();
        assertThat(store().expire("nope", ApprovalState.PENDING, T0)).isFalse();
        assertThat(store().recordDenial("nope", 0, "alice", "x", T0)).isFalse();
    }
}
