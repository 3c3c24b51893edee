package dev.airlock.core.contract;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.ApprovalEvent;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.AuditUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link AuditLog} must do, as someone reading the trail afterwards sees it: the intent
 * (who asked what, already masked) and the outcome of each request, a request whose outcome never
 * came, approval steps in order, no record ever overwritten, and, for a durable log, all of it
 * after the gateway reopens the log. Run against the pipeline's fake in layers/core and against
 * the DynamoDB table and the journal in front of it in layers/audit-aws (from layers/core's test jar).
 */
public abstract class AuditLogContract {
    protected static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    /** What the trail shows of one request, as the adapter's own reader reads it back. */
    public record Audited(Optional<String> agentId, Optional<String> target, Optional<String> statement,
                          List<String> params, Optional<String> status, Optional<Long> rowCount,
                          Map<String, Long> maskedCounts, Optional<String> problemDetail) {
    }

    /** The log under test, writing to this test's fresh, empty trail. */
    protected abstract AuditLog auditLog();

    /** The request's records once everything written so far is readable; empty when it has none. */
    protected abstract Optional<Audited> read(String requestId);

    /** The words of the request's approval steps ({@link ApprovalEvent.Kind#word()}), oldest first. */
    protected abstract List<String> approvalSteps(String requestId);

    /**
     * Closes the log as a stopping gateway does and opens it again on the same storage.
     *
     * @return false for a log that keeps nothing across a restart (then the durability test is skipped)
     */
    protected abstract boolean reopen() throws Exception;

    /**
     * Whether {@link AuditLog#recordIntent} refuses an intent id already recorded at once. A log
     * that writes ahead to a journal may accept it and keep the first record instead.
     */
    protected boolean refusesDuplicateIntentAtOnce() {
        return true;
    }

    protected static String newRequestId() {
        return "req-" + UUID.randomUUID();
    }

    protected static AuditIntent intent(String requestId, String maskedStatement) {
        return AuditIntent.builder(requestId, AT)
                .agent(new AgentIdentity("reporting-bot", "jti-" + requestId, AT, AT.plusSeconds(900)))
                .target("demo")
                .statement(maskedStatement, List.of("[EMAIL]"), "ab".repeat(32))
                .decision(PolicyDecision.allow(List.of("reporting-read-demo"), "Allowed.", List.of(), 1000))
                .sourceIp("127.0.0.1")
                .build();
    }

    protected static AuditOutcome completed(String requestId) {
        return new AuditOutcome(requestId, AT.plusMillis(12), RequestStatus.COMPLETED, 12, Optional.of(5),
                Optional.empty(), Map.of("email", 5), Optional.empty(), Optional.empty());
    }

    @Test
    void recordIntentAndOutcome_keepWhoAskedWhatAndHowItEnded() {
        String id = newRequestId();

        auditLog().recordIntent(intent(id, "select * from customers where email = ?"));
        auditLog().recordOutcome(completed(id));

        Audited audited = read(id).orElseThrow();
        assertThat(audited.agentId()).contains("reporting-bot");
        assertThat(audited.target()).contains("demo");
        assertThat(audited.statement()).contains("select * from customers where email = ?");
        assertThat(audited.params()).containsExactly("[EMAIL]");
        assertThat(audited.status()).contains("COMPLETED");
        assertThat(audited.rowCount()).contains(5L);
        assertThat(audited.maskedCounts()).containsExactly(Map.entry("email", 5L));
    }

    @Test
    void recordIntent_whenNoOutcomeFollows_showsTheRequestWithoutOne() {
        String id = newRequestId();

        auditLog().recordIntent(intent(id, "select 1"));

        Audited audited = read(id).orElseThrow();
        assertThat(audited.statement()).contains("select 1");
        assertThat(audited.status()).as("a request that may or may not have run").isEmpty();
    }

    @Test
    void recordOutcome_whenRefused_keepsTheProblemTheAgentSaw() {
        String id = newRequestId();
        auditLog().recordIntent(intent(id, "delete from customers"));

        auditLog().recordOutcome(new AuditOutcome(id, AT.plusMillis(3), RequestStatus.DENIED, 3, Optional.empty(),
                Optional.empty(), Map.of(), Optional.of(ProblemKind.POLICY_DENIED),
                Optional.of("No policy permits it.")));

        Audited audited = read(id).orElseThrow();
        assertThat(audited.status()).contains("DENIED");
        assertThat(audited.problemDetail()).contains("No policy permits it.");
    }

    @Test
    void recordIntent_whenTheIdWasRecordedAlready_neverOverwritesTheFirst() {
        String id = newRequestId();
        auditLog().recordIntent(intent(id, "select 'first'"));

        if (refusesDuplicateIntentAtOnce()) {
            assertThatThrownBy(() -> auditLog().recordIntent(intent(id, "select 'second'")))
                    .isInstanceOf(AuditUnavailableException.class);
        } else {
            try {
                auditLog().recordIntent(intent(id, "select 'second'"));
            } catch (AuditUnavailableException refused) {
                // refusing is fine too
            }
        }

        assertThat(read(id).orElseThrow().statement()).contains("select 'first'");
    }

    @Test
    void recordApproval_keepsTheHeldRequestsStepsInOrder() {
        String held = newRequestId();

        auditLog().recordApproval(new ApprovalEvent(held, ApprovalEvent.Kind.APPROVED, Optional.of("alice"),
                AT.plusSeconds(1), Optional.of("1 of 2"), Optional.empty()));
        auditLog().recordApproval(new ApprovalEvent(held, ApprovalEvent.Kind.APPROVED, Optional.of("carol"),
                AT.plusSeconds(2), Optional.of("2 of 2"), Optional.empty()));
        auditLog().recordApproval(new ApprovalEvent(held, ApprovalEvent.Kind.EXECUTED, Optional.empty(),
                AT.plusSeconds(3), Optional.empty(), Optional.of("exec-" + held)));

        assertThat(approvalSteps(held)).containsExactly("approved", "approved", "executed");
    }

    @Test
    void reopen_whenTheLogIsDurable_keepsEveryRecordAndStillRefusesToOverwrite() throws Exception {
        String id = newRequestId();
        String unfinished = newRequestId();
        auditLog().recordIntent(intent(id, "select 'before restart'"));
        auditLog().recordOutcome(completed(id));
        auditLog().recordIntent(intent(unfinished, "select 'cut short'"));

        assumeTrue(reopen(), "this audit log keeps nothing across a restart");

        assertThat(read(id).orElseThrow().status()).contains("COMPLETED");
        assertThat(read(unfinished).orElseThrow().status()).isEmpty();
        try {
            auditLog().recordIntent(intent(id, "select 'after restart'"));
        } catch (AuditUnavailableException refused) {
            // a durable log that refuses at once
        }
        assertThat(read(id).orElseThrow().statement()).contains("select 'before restart'");
    }
}
