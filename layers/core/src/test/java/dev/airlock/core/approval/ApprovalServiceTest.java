package dev.airlock.core.approval;

import dev.airlock.core.fakes.InMemoryApproverDirectory;

import dev.airlock.core.model.ApprovalEvent;
import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.port.ApproverDirectory;
import dev.airlock.core.port.AuditLog;
import dev.airlock.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalServiceTest {
    private final InMemoryApprovalStore store = new InMemoryApprovalStore();
    private final MutableClock clock = new MutableClock(ApprovalStoreContract.T0.plusSeconds(1));
    private final ApproverDirectory directory = new InMemoryApproverDirectory(Map.of("alice", Set.of("dba"), "carol", Set.of("dba", "sre"),
                "bob", Set.of("finance"), "ops-bot", Set.of("dba")));
    private final List<ApprovalEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final AuditLog audit = new AuditLog() {
        @Override
        public void recordIntent(dev.airlock.core.model.AuditIntent intent) {
            throw new AssertionError("the service records no intents");
        }

        @Override
        public void recordOutcome(dev.airlock.core.model.AuditOutcome outcome) {
            throw new AssertionError("the service records no outcomes");
        }

        @Override
        public void recordApproval(ApprovalEvent event) {
            events.add(event);
        }
    };
    private final ApprovalService service = new ApprovalService(store, directory, audit, clock);

    private String held(ApprovalRequirement... requirements) {
        String id = ApprovalStoreContract.newId();
        PendingRequest p = ApprovalStoreContract.pending(id);
        store.hold(new PendingRequest(id, p.agentId(), p.operation(), p.requestSha256(), p.facts(), p.summary(),
                p.policyIds(), List.of(requirements), p.createdAt(), p.expiresAt()));
        return id;
    }

    private static ApprovalRequirement dba(int n) {
        return new ApprovalRequirement("dba", n, Duration.ofHours(1), Duration.ofMinutes(15));
    }

    private void refused(Runnable call, ProblemKind kind) {
        assertThatThrownBy(call::run).isInstanceOf(ApprovalRefusedException.class)
                .extracting(e -> ((ApprovalRefusedException) e).kind()).isEqualTo(kind);
    }

    @Test
    void oneApprovalFromTheGroupApprovesForFifteenMinutes() {
        String id = held(dba(1));
        ApprovalRecord r = service.approve(id, "alice");
        assertThat(r.state()).isEqualTo(ApprovalState.APPROVED);
        assertThat(r.usableUntil()).contains(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(service.claimExecution(id, "ops-bot").state()).isEqualTo(ApprovalState.EXECUTING);
        refused(() -> service.claimExecution(id, "ops-bot"), ProblemKind.ALREADY_EXECUTED);
        service.recordResult(id, "exec-1", true, Optional.empty());
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApprovalState.EXECUTED);
        assertThat(events).extracting(ApprovalEvent::kind)
                .containsExactly(ApprovalEvent.Kind.APPROVED, ApprovalEvent.Kind.EXECUTED);
        assertThat(events.get(0).approverId()).contains("alice");
        assertThat(events.get(1).executionId()).contains("exec-1");
        refused(() -> service.claimExecution(id, "ops-bot"), ProblemKind.ALREADY_EXECUTED);
        refused(() -> service.approve(id, "carol"), ProblemKind.ALREADY_EXECUTED);
    }

    @Test
    void nDistinctApproversAndADoubleClickCountsOnce() {
        String id = held(dba(2));
        assertThat(service.approve(id, "alice").state()).isEqualTo(ApprovalState.PENDING);
        assertThat(service.approve(id, "alice").approvals()).hasSize(1);
        refused(() -> service.claimExecution(id, "ops-bot"), ProblemKind.APPROVAL_PENDING);
        assertThat(service.approve(id, "carol").state()).isEqualTo(ApprovalState.APPROVED);
    }

    @Test
    void everyRequirementMustBeMet() {
        String id = held(dba(1), new ApprovalRequirement("sre", 1, Duration.ofMinutes(30), Duration.ofMinutes(5)));
        assertThat(service.approve(id, "alice").state()).isEqualTo(ApprovalState.PENDING);
        ApprovalRecord r = service.approve(id, "carol");
        assertThat(r.state()).isEqualTo(ApprovalState.APPROVED);
        assertThat(r.usableUntil()).contains(clock.instant().plus(Duration.ofMinutes(5)));
    }

    @Test
    void outsidersUnknownsAndTheRequesterCannotApprove() {
        String id = held(dba(1));
        refused(() -> service.approve(id, "bob"), ProblemKind.APPROVER_NOT_ALLOWED);
        refused(() -> service.approve(id, "mallory"), ProblemKind.APPROVER_NOT_ALLOWED);
        refused(() -> service.approve(id, "ops-bot"), ProblemKind.APPROVER_NOT_ALLOWED);
        refused(() -> service.deny(id, "ops-bot", "x"), ProblemKind.APPROVER_NOT_ALLOWED);
        refused(() -> service.approve("nope", "alice"), ProblemKind.NOT_FOUND);
        assertThat(store.find(id).orElseThrow().approvals()).isEmpty();
    }

    @Test
    void onlyTheRequestingAgentExecutes() {
        String id = held(dba(1));
        service.approve(id, "alice");
        refused(() -> service.claimExecution(id, "reporting-bot"), ProblemKind.NOT_FOUND);
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApprovalState.APPROVED);
    }

    @Test
    void expiryIsEnforcedOnTime() {
        String id = held(dba(1));
        clock.advance(Duration.ofHours(1));
        refused(() -> service.approve(id, "alice"), ProblemKind.APPROVAL_EXPIRED);
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApprovalState.EXPIRED);
        refused(() -> service.claimExecution(id, "ops-bot"), ProblemKind.APPROVAL_EXPIRED);
    }

    @Test
    void theSweepExpiresPendingAndUnusedApprovals() {
        String waiting = held(dba(1));
        String approved = held(dba(1));
        service.approve(approved, "alice");
        assertThat(service.expireDue()).isZero();
        clock.advance(Duration.ofMinutes(15));
        assertThat(service.expireDue()).isEqualTo(1);
        assertThat(store.find(approved).orElseThrow().state()).isEqualTo(ApprovalState.EXPIRED);
        clock.advance(Duration.ofMinutes(45));
        assertThat(service.expireDue()).isEqualTo(1);
        assertThat(store.find(waiting).orElseThrow().state()).isEqualTo(ApprovalState.EXPIRED);
        assertThat(events).extracting(ApprovalEvent::kind).containsExactly(ApprovalEvent.Kind.APPROVED,
                ApprovalEvent.Kind.EXPIRED, ApprovalEvent.Kind.EXPIRED);
    }

    @Test
    void aDenialStopsIt() {
        String id = held(dba(1));
        ApprovalRecord r = service.deny(id, "alice", "too broad");
        assertThat(r.state()).isEqualTo(ApprovalState.DENIED);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ApprovalEvent.Kind.DENIED);
            assertThat(e.approverId()).contains("alice");
            assertThat(e.detail()).contains("too broad");
        });
        refused(() -> service.approve(id, "carol"), ProblemKind.NOT_APPROVED);
        refused(() -> service.claimExecution(id, "ops-bot"), ProblemKind.NOT_APPROVED);
    }

    @Test
    void concurrentApproversAllCountAndConcurrentExecutorsRunOnce() throws Exception {
        String id = held(dba(2));
        List<Thread> threads = new ArrayList<>();
        for (String who : List.of("alice", "carol", "alice", "carol")) {
            threads.add(Thread.ofPlatform().start(() -> service.approve(id, who)));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApprovalState.APPROVED);
        List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
        long claimed = dev.airlock.testing.Race.winners(8, () -> {
            try {
                service.claimExecution(id, "ops-bot");
                return true;
            } catch (ApprovalRefusedException e) {
                refusals.add(e.kind().name());
                return false;
            }
        });
        assertThat(claimed).isEqualTo(1);
        assertThat(refusals).hasSize(7).containsOnly("ALREADY_EXECUTED");
    }

    @Test
    void theWorkflowHearsOfHoldsAndDecisionsAfterTheStore() {
        List<String> told = Collections.synchronizedList(new ArrayList<>());
        ApprovalService withWorkflow = service.withWorkflow(new dev.airlock.core.port.ApprovalWorkflow() {
            @Override
            public void start(Notice notice) {
                told.add("start " + notice.requestId() + " " + notice.summary() + " " + notice.waitFor());
            }

            @Override
            public void approved(String requestId, String approverId) {
                told.add("approved " + requestId + " " + approverId);
            }

            @Override
            public void denied(String requestId, String approverId, String reason) {
                throw new IllegalStateException("workflow down");
            }
        });
        String id = ApprovalStoreContract.newId();
        withWorkflow.hold(ApprovalStoreContract.pending(id));
        assertThat(store.find(id)).isPresent();
        withWorkflow.approve(id, "alice");
        assertThat(told).containsExactly("start " + id + " delete from orders where id = ? PT1H",
                "approved " + id + " alice");

        String denied = ApprovalStoreContract.newId();
        withWorkflow.hold(ApprovalStoreContract.pending(denied));
        assertThat(withWorkflow.deny(denied, "alice", "no").state()).as("a failing workflow undoes nothing")
                .isEqualTo(ApprovalState.DENIED);
    }

    @Test
    void anExecutionInterruptedByAStopEndsFailed() {
        String id = held(dba(1));
        service.approve(id, "alice");
        service.claimExecution(id, "ops-bot");
        assertThat(service.failInterrupted()).isEqualTo(1);
        ApprovalRecord r = store.find(id).orElseThrow();
        assertThat(r.state()).isEqualTo(ApprovalState.FAILED);
        assertThat(r.reason().orElseThrow()).contains("outcome is unknown");
        assertThat(events.get(events.size() - 1).kind()).isEqualTo(ApprovalEvent.Kind.EXECUTION_FAILED);
        assertThat(service.failInterrupted()).isZero();
        refused(() -> service.claimExecution(id, "ops-bot"), ProblemKind.ALREADY_EXECUTED);
    }

    @Test
    void visibility() {
        String id = held(dba(1));
        ApprovalRecord r = store.find(id).orElseThrow();
        assertThat(service.visibleTo(r, "ops-bot")).isTrue();
        assertThat(service.visibleTo(r, "alice")).isTrue();
        assertThat(service.visibleTo(r, "bob")).isFalse();
        assertThat(service.visibleTo(r, "reporting-bot")).isFalse();
    }
}
