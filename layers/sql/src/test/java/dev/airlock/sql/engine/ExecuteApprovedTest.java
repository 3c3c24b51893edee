package dev.airlock.sql.engine;

import dev.airlock.core.fakes.FakeTokens;
import dev.airlock.core.fakes.HeldRequests;
import dev.airlock.core.fakes.ScriptedPolicy;

import dev.airlock.core.fakes.InMemoryApproverDirectory;

import dev.airlock.core.fakes.InMemoryAuditLog;

import dev.airlock.core.pipeline.InboundRequest;
import dev.airlock.core.pipeline.RequestPipeline;
import dev.airlock.core.pipeline.ApprovedExecution;
import dev.airlock.core.pipeline.ApprovalWait;
import dev.airlock.core.model.MaskedResult;

import dev.airlock.core.pipeline.PipelineOutcome;

import dev.airlock.core.approval.ApprovalService;
import dev.airlock.core.approval.InMemoryApprovalStore;
import dev.airlock.core.model.ApprovalEvent;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.Effect;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.port.ApproverDirectory;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The second entry point: executing a held request once it is approved. */
class ExecuteApprovedTest {
    private static final PolicyDecision NEEDS_DBA = new PolicyDecision(Effect.APPROVAL_REQUIRED,
            List.of("ops-change-demo-with-approval"), "needs approval", List.of(), List.of(), 1000,
            List.of(new ApprovalRequirement("dba", 1, Duration.ofHours(1), Duration.ofMinutes(15))));

    private final FakeTokens tokens = new FakeTokens(Map.of("ops", "ops-bot", "reporting", "reporting-bot"));
    private final Fakes.Classifier classifier = new Fakes.Classifier(sql ->
            SqlClassification.builder(StatementKind.DELETE, RiskClass.WRITE).build());
    private final ScriptedPolicy policy = new ScriptedPolicy(q -> NEEDS_DBA);
    private final Fakes.Target target = new Fakes.Target();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final InMemoryApprovalStore store = new InMemoryApprovalStore();
    private final ApproverDirectory directory = new InMemoryApproverDirectory(Map.of("alice", Set.of("dba")));
    private final ApprovalService approvals = new ApprovalService(store, directory, audit, Clock.systemUTC());
    private final RequestPipeline pipeline = RequestPipeline.builder()
            .tokens(tokens).policy(policy)
            .targets(Fakes.targets(classifier, new Fakes.Masker(), target, (t, agent, id) -> Fakes.login()))
            .audit(audit).approvalService(approvals).build();

    private String hold() {
        PipelineOutcome outcome = pipeline.handle(InboundRequest.of("sql", "Bearer ops",
                Fakes.body("delete from orders where id = ?", List.of(7L)), "127.0.0.1"));
        assertThat(outcome).isInstanceOf(PipelineOutcome.PendingApproval.class);
        return outcome.requestId();
    }

    private PipelineOutcome execute(String token, String id) {
        return pipeline.executeApproved(new ApprovedExecution(id, Optional.of("Bearer " + token), Optional.empty(),
                ApprovalWait.NONE));
    }

    private static ProblemKind problem(PipelineOutcome outcome) {
        assertThat(outcome).isInstanceOf(PipelineOutcome.Refused.class);
        return ((PipelineOutcome.Refused) outcome).problem().kind();
    }

    @Test
    void runsTheStoredRequestOnceAfterApprovalAndRechecksPolicy() {
        String id = hold();
        assertThat(problem(execute("ops", id))).isEqualTo(ProblemKind.APPROVAL_PENDING);
        approvals.approve(id, "alice");
        int queriesBefore = policy.queries.size();

        PipelineOutcome ran = execute("ops", id);

        assertThat(ran).isInstanceOf(PipelineOutcome.Completed.class);
        assertThat(policy.queries).hasSize(queriesBefore + 1);
        assertThat(target.executions).singleElement().satisfies(e -> {
            assertThat(e.sql()).isEqualTo("delete from orders where id = ?");
            assertThat(e.params()).containsExactly(7L);
        });
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApprovalState.EXECUTED);
        assertThat(audit.intents).filteredOn(i -> i.requestId().equals(ran.requestId())).singleElement()
                .satisfies(i -> assertThat(i.approvalOf()).contains(id));
        assertThat(audit.approvalEvents).extracting(ApprovalEvent::kind)
                .containsExactly(ApprovalEvent.Kind.APPROVED, ApprovalEvent.Kind.EXECUTED);
        assertThat(audit.approvalEvents.get(1).executionId()).contains(ran.requestId());

        assertThat(problem(execute("ops", id))).isEqualTo(ProblemKind.ALREADY_EXECUTED);
        assertThat(target.executions).hasSize(1);
    }

    @Test
    void anotherAgentCannotExecuteIt() {
        String id = hold();
        approvals.approve(id, "alice");
        assertThat(problem(execute("reporting", id))).isEqualTo(ProblemKind.NOT_FOUND);
        assertThat(problem(execute("nobody", id))).isEqualTo(ProblemKind.UNAUTHENTICATED);
        assertThat(target.executions).isEmpty();
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApprovalState.APPROVED);
        assertThat(audit.outcomes).filteredOn(o -> o.status() == RequestStatus.REJECTED).hasSize(1);
    }

    @Test
    void aPolicyChangeSinceStillDenies() {
        String id = hold();
        approvals.approve(id, "alice");
        policy.decide = q -> PolicyDecision.deny(List.of("freeze"), "Change freeze.");
        assertThat(problem(execute("ops", id))).isEqualTo(ProblemKind.POLICY_DENIED);
        policy.decide = q -> new PolicyDecision(Effect.APPROVAL_REQUIRED, List.of("two-dbas"), "needs two", List.of(),
                List.of(), 1000, List.of(new ApprovalRequirement("dba", 2, Duration.ofHours(1), Duration.ofMinutes(15))));
        assertThat(problem(execute("ops", id))).isEqualTo(ProblemKind.NOT_APPROVED);
        assertThat(target.executions).isEmpty();
    }

    @Test
    void concurrentExecuteCallsRunItOnce() throws Exception {
        String id = hold();
        approvals.approve(id, "alice");
        List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                PipelineOutcome o = execute("ops", id);
                outcomes.add(o instanceof PipelineOutcome.Refused r ? r.problem().kind().name() : "ran");
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(outcomes).containsOnlyOnce("ran");
        assertThat(outcomes.stream().filter(o -> !o.equals("ran"))).containsOnly("ALREADY_EXECUTED");
        assertThat(target.executions).hasSize(1);
    }

    @Test
    void longPollReturnsOnceDecided() throws Exception {
        String id = hold();
        Thread approver = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            approvals.approve(id, "alice");
        });
        PipelineOutcome ran = pipeline.executeApproved(new ApprovedExecution(id, Optional.of("Bearer ops"),
                Optional.empty(), new ApprovalWait(Duration.ofSeconds(10))));
        approver.join();
        assertThat(ran).isInstanceOf(PipelineOutcome.Completed.class);
    }
}
