package dev.airlock.sql.engine;

import dev.airlock.core.fakes.FakeTokens;
import dev.airlock.core.fakes.HeldRequests;
import dev.airlock.core.fakes.ScriptedPolicy;

import dev.airlock.core.fakes.InMemoryAuditLog;

import dev.airlock.core.pipeline.InboundRequest;
import dev.airlock.core.pipeline.RequestPipeline;
import dev.airlock.core.pipeline.ApprovedExecution;
import dev.airlock.core.pipeline.ApprovalWait;
import dev.airlock.core.model.MaskedResult;

import dev.airlock.core.pipeline.PipelineOutcome;

import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.Effect;
import dev.airlock.core.model.MaskStrategy;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableAccess;
import dev.airlock.core.model.TableRef;
import dev.airlock.core.port.StatementFailedException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SqlPipelineTest {
    private static final TableRef CUSTOMERS = TableRef.of(null, "customers");
    private static final SqlClassification SELECT_CUSTOMERS = SqlClassification.builder(StatementKind.SELECT,
            RiskClass.READ).accesses(List.of(new TableAccess(CUSTOMERS, StatementKind.SELECT))).build();
    private static final ColumnMaskRule EMAIL_RULE =
            new ColumnMaskRule(Optional.empty(), "email", "email", MaskStrategy.REDACT);

    private final FakeTokens tokens = new FakeTokens(Map.of("good-token", "reporting-bot"));
    private final Fakes.Classifier classifier = new Fakes.Classifier(sql -> SELECT_CUSTOMERS);
    private final ScriptedPolicy policy = new ScriptedPolicy(q -> PolicyDecision.allow(
            List.of("reporting-read"), "allowed", List.of(EMAIL_RULE), 50));
    private final Fakes.Target target = new Fakes.Target();
    private final Fakes.Masker masker = new Fakes.Masker();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final HeldRequests approvals = new HeldRequests();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    private final RequestPipeline pipeline = RequestPipeline.builder()
            .tokens(tokens).policy(policy).targets(Fakes.targets(classifier, masker, target, (t, agent, id) -> Fakes.login()))
            .audit(audit).approvals(approvals).clock(clock).build();

    private PipelineOutcome send(String authorization, String sql) {
        return pipeline.handle(InboundRequest.of("sql", authorization, Fakes.body(sql, List.of()), "127.0.0.1"));
    }

    @Test
    void handle_whenPolicyAllows_runsReadOnlyWithRowCapAndMasks() {
        PipelineOutcome outcome = send("Bearer good-token", "select email from customers");

        assertThat(outcome).isInstanceOf(PipelineOutcome.Completed.class);
        var completed = (PipelineOutcome.Completed) outcome;
        assertThat(((MaskedResult) completed.response()).rows()).containsExactly(List.of("[EMAIL]"));
        assertThat(((MaskedResult) completed.response()).maskedCounts()).containsEntry("email", 1);
        assertThat(target.executions).singleElement().satisfies(e -> {
            assertThat(e.readOnly()).isTrue();
            assertThat(e.maxRows()).isEqualTo(50);
        });
        assertThat(masker.rulesSeen).containsExactly(List.of(EMAIL_RULE));
    }

    @Test
    void handle_whenPolicyAllows_writesIntentBeforeOutcome() {
        send("Bearer good-token", "select email from customers where email = 'ann@example.com'");

        assertThat(audit.intents).singleElement().satisfies(intent -> {
            assertThat(intent.agentId()).contains("reporting-bot");
            assertThat(intent.statement()).contains("select email from customers where email = '[EMAIL]'");
            assertThat(intent.action()).contains("sql:select");
            assertThat(intent.tablesRead()).containsExactly("public.customers");
            assertThat(intent.effect()).contains(Effect.ALLOW);
            assertThat(intent.policyIds()).containsExactly("reporting-read");
            assertThat(intent.requestSha256()).get().asString().hasSize(64);
        });
        assertThat(audit.outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(RequestStatus.COMPLETED);
            assertThat(outcome.rowCount()).contains(1);
            assertThat(outcome.maskedCounts()).containsEntry("email", 1);
        });
        assertThat(audit.intents.get(0).requestId()).isEqualTo(audit.outcomes.get(0).requestId());
    }

    @Test
    void handle_whenPolicyDenies_runsNothingAndNamesThePolicy() {
        policy.decide = q -> PolicyDecision.deny(List.of("no-ddl"), "Policy no-ddl forbids sql:ddl.");

        PipelineOutcome outcome = send("Bearer good-token", "drop table customers");

        assertThat(outcome).isInstanceOfSatisfying(PipelineOutcome.Refused.class, refused -> {
            assertThat(refused.problem().kind()).isEqualTo(ProblemKind.POLICY_DENIED);
            assertThat(refused.problem().decision()).get().extracting(PolicyDecision::policyIds)
                    .isEqualTo(List.of("no-ddl"));
        });
        assertThat(target.executions).isEmpty();
        assertThat(audit.intents).singleElement().extracting(i -> i.effect().orElseThrow()).isEqualTo(Effect.DENY);
        assertThat(audit.outcomes).singleElement().extracting(o -> o.status()).isEqualTo(RequestStatus.DENIED);
    }

    @Test
    void handle_whenPolicyDenies_recordsTheStatementWithEveryLiteralRedacted() {
        // A denial names no masked columns, so nothing says which literal holds a masked value.
        policy.decide = q -> PolicyDecision.deny(List.of("no-oracles"), "Policy no-oracles forbids it.");

        send("Bearer good-token", "select id from customers where translate(ssn, '-', '') = '871676620'");

        assertThat(audit.intents).singleElement().satisfies(intent -> assertThat(intent.statement().orElseThrow())
                .doesNotContain("871676620").contains("'[REDACTED]'"));
    }

    @Test
    void handle_whenStatementIsUnknown_denialSaysWhy() {
        classifier.classify = sql -> SqlClassification.unknown(2, "the text holds 2 statements; send exactly one.");
        policy.decide = q -> PolicyDecision.deny(List.of(), "No policy permits sql:unknown.");

        var refused = (PipelineOutcome.Refused) send("Bearer good-token", "select 1; drop table x");

        assertThat(refused.problem().detail()).contains("2 statements");
        assertThat(target.executions).isEmpty();
    }

    @Test
    void handle_whenApprovalRequired_holdsTheExactRequestAndRunsNothing() {
        policy.decide = q -> new PolicyDecision(Effect.APPROVAL_REQUIRED, List.of("ops-writes"),
                "needs approval", List.of(), List.of(), 1000, List.of(new ApprovalRequirement("dba", 2, Duration.ofMinutes(30),
                Duration.ofMinutes(15))));

        PipelineOutcome outcome = send("Bearer good-token", "delete from orders where id = 7");

        assertThat(outcome).isInstanceOfSatisfying(PipelineOutcome.PendingApproval.class, pending -> {
            assertThat(pending.policyIds()).containsExactly("ops-writes");
            assertThat(pending.expiresAt()).isEqualTo(Instant.parse("2026-11-24T10:30:00Z"));
        });
        assertThat(target.executions).isEmpty();
        assertThat(approvals.held).singleElement().satisfies(held -> {
            assertThat(held.input().get("sql")).isEqualTo("delete from orders where id = 7");
            assertThat(held.agentId()).isEqualTo("reporting-bot");
            assertThat(held.requestSha256()).isEqualTo(audit.intents.get(0).requestSha256().orElseThrow());
            assertThat(held.approvals()).extracting(ApprovalRequirement::group).containsExactly("dba");
        });
        assertThat(audit.outcomes).singleElement().extracting(o -> o.status())
                .isEqualTo(RequestStatus.PENDING_APPROVAL);
    }

    @Test
    void handle_whenTokenMissing_refusesBeforeLookingAtTheBody() {
        PipelineOutcome outcome = pipeline.handle(InboundRequest.of("sql", null, "not JSON", "127.0.0.1"));

        assertThat(outcome).isInstanceOfSatisfying(PipelineOutcome.Refused.class,
                refused -> assertThat(refused.problem().kind()).isEqualTo(ProblemKind.UNAUTHENTICATED));
        assertThat(policy.queries).isEmpty();
        assertThat(audit.intents).singleElement().satisfies(i -> assertThat(i.agentId()).isEmpty());
        assertThat(audit.outcomes).singleElement().extracting(o -> o.status())
                .isEqualTo(RequestStatus.UNAUTHENTICATED);
    }

    @Test
    void handle_whenTokenInvalid_saysWhyAndHowToFix() {
        var refused = (PipelineOutcome.Refused) send("Bearer forged", "select 1");

        assertThat(refused.problem().detail()).contains("signature").contains("./airlock token");
        assertThat(target.executions).isEmpty();
    }

    @Test
    void handle_whenBodyMalformed_rejectsAuthenticatedAgentAndAuditsIt() {
        var refused = (PipelineOutcome.Refused) pipeline.handle(
                InboundRequest.of("sql", "Bearer good-token", "{not json", null));

        assertThat(refused.problem().kind()).isEqualTo(ProblemKind.MALFORMED_REQUEST);
        assertThat(audit.intents).singleElement().satisfies(i -> assertThat(i.agentId()).contains("reporting-bot"));
        assertThat(audit.outcomes).singleElement().extracting(o -> o.status()).isEqualTo(RequestStatus.REJECTED);
    }

    @Test
    void handle_whenTargetUnknown_namesTheConfiguredTargets() {
        var refused = (PipelineOutcome.Refused) pipeline.handle(InboundRequest.of("sql", "Bearer good-token",
                "{\"target\":\"prod\",\"sql\":\"select 1\"}", null));

        assertThat(refused.problem().kind()).isEqualTo(ProblemKind.UNKNOWN_TARGET);
        assertThat(refused.problem().detail()).contains("'prod'").contains("demo");
    }

    @Test
    void handle_whenIntentCannotBeRecorded_runsNothing() {
        audit.down = true;

        var refused = (PipelineOutcome.Refused) send("Bearer good-token", "select email from customers");

        assertThat(refused.problem().kind()).isEqualTo(ProblemKind.AUDIT_UNAVAILABLE);
        assertThat(target.executions).isEmpty();
    }

    @Test
    void handle_whenAStageFailsUnexpectedly_failsClosed() {
        policy.decide = q -> {
            throw new IllegalStateException("policy store corrupted: secret=hunter2");
        };

        var refused = (PipelineOutcome.Refused) send("Bearer good-token", "select email from customers");

        assertThat(refused.problem().kind()).isEqualTo(ProblemKind.INTERNAL);
        assertThat(refused.problem().detail()).doesNotContain("hunter2").contains(refused.requestId());
        assertThat(target.executions).isEmpty();
        assertThat(audit.outcomes).singleElement().extracting(o -> o.status()).isEqualTo(RequestStatus.FAILED);
    }

    @Test
    void handle_whenDatabaseRefuses_answersItsSqlStateWithoutItsMessage() {
        target.failure = new StatementFailedException("23505",
                "duplicate key value violates unique constraint: Key (email)=(ann@example.com) already exists");

        var refused = (PipelineOutcome.Refused) send("Bearer good-token", "select email from customers");

        assertThat(refused.problem().kind()).isEqualTo(ProblemKind.STATEMENT_FAILED);
        assertThat(refused.problem().detail()).contains("23505").contains("unique violation")
                .doesNotContain("ann@").doesNotContain("example.com").doesNotContain("Key (");
    }

    @Test
    void handle_whenWriteAllowed_runsOutsideReadOnlyTransaction() {
        classifier.classify = sql -> SqlClassification.builder(StatementKind.UPDATE, RiskClass.WRITE)
                .accesses(List.of(new TableAccess(CUSTOMERS, StatementKind.UPDATE))).hasWhere(true).build();

        send("Bearer good-token", "update customers set city = 'Oslo' where id = 1");

        assertThat(target.executions).singleElement().satisfies(e -> assertThat(e.readOnly()).isFalse());
    }
}
