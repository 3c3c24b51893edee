package dev.airlock.policy;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;
import dev.airlock.core.model.TableRef;
import dev.airlock.core.port.PolicyQuery;
import dev.airlock.sql.engine.SqlPolicyChecks;
import dev.airlock.core.port.StatementClassifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs decision cases the way the gateway decides requests: SQL is classified by the same
 * classifier, then decided by the same engine; each case passes or says what differed.
 */
public final class DecisionCaseRunner {
    private final CedarPolicyEngine engine;
    private final StatementClassifier classifier;

    public DecisionCaseRunner(CedarPolicyEngine engine, StatementClassifier classifier) {
        this.engine = engine;
        this.classifier = classifier;
    }

    /** The outcome of one case: what was decided, and every way it differed from what was expected. */
    public record Result(DecisionCase decisionCase, String decision, List<String> differences) {
        public boolean passed() {
            return differences.isEmpty();
        }
    }

    public List<Result> run(List<DecisionCase> cases) {
        return cases.stream().map(this::run).toList();
    }

    public Result run(DecisionCase c) {
        AgentIdentity agent = new AgentIdentity(c.agent(), "case-token", c.time().minus(Duration.ofMinutes(1)),
                c.time().plus(Duration.ofMinutes(14)));
        List<String> differences = new ArrayList<>();
        PolicyDecision decision;
        if (c.sql().isPresent()) {
            SqlDialect dialect = SqlDialect.valueOf(c.dialect().toUpperCase(Locale.ROOT));
            SqlClassification classification = classifier.classify(c.sql().get(), dialect,
                    dialect.defaultSchema());
            c.expect().kind().ifPresent(kind -> compare(differences, "kind", kind,
                    classification.kind().name().toLowerCase(Locale.ROOT)));
            c.expect().risk().ifPresent(risk -> compare(differences, "risk", risk,
                    classification.risk().name().toLowerCase(Locale.ROOT)));
            decision = engine.decide(new PolicyQuery(agent, SqlPolicyChecks.of(c.target(), dialect, classification),
                    classification.foldingAggregates(), c.time(), c.sourceIp()));
        } else {
            DecisionCase.AwsCall aws = c.aws().orElseThrow();
            decision = engine.decide(new AwsAuthorizationQuery(agent, c.target(), aws.service(), aws.operation(),
                    aws.region(), aws.risk(), aws.readOnly(), aws.resources(), aws.facts(), c.time(),
                    c.sourceIp()).toPolicyQuery());
        }
        String actual = switch (decision.effect()) {
            case ALLOW -> "allow";
            case DENY -> "deny";
            case APPROVAL_REQUIRED -> "approval";
        };
        DecisionCase.Expectation expect = c.expect();
        if (!expect.decision().equals(actual)) {
            differences.add("decision: expected " + expect.decision() + ", got " + actual + " (" + decision.reason() + ")");
        }
        expect.policies().ifPresent(p -> compare(differences, "policies", p.stream().sorted().toList(),
                decision.policyIds().stream().sorted().toList()));
        expect.mask().ifPresent(m -> compare(differences, "mask", m.stream().sorted().toList(),
                decision.maskRules().stream().map(DecisionCaseRunner::describe).distinct().sorted().toList()));
        expect.maxRows().ifPresent(rows -> compare(differences, "maxRows", rows, decision.maxRows()));
        expect.approvalGroup().ifPresent(group -> compare(differences, "approval.group", Optional.of(group),
                decision.approvals().stream().map(a -> a.group()).findFirst()));
        expect.approvals().ifPresent(n -> compare(differences, "approval.approvals", Optional.of(n),
                decision.approvals().stream().map(a -> a.approvals()).findFirst()));
        expect.reasonContains().ifPresent(text -> {
            if (!decision.reason().contains(text)) {
                differences.add("reason should contain \"" + text + "\" but is \"" + decision.reason() + "\"");
            }
        });
        return new Result(c, actual + " " + decision.policyIds(), List.copyOf(differences));
    }

    private static void compare(List<String> differences, String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            differences.add(what + ": expected " + expected + ", got " + actual);
        }
    }

    /** {@code public.customers.email=email:partial}, as cases write mask rules. */
    static String describe(ColumnMaskRule rule) {
        return rule.table().map(TableRef::qualifiedName).map(t -> t + ".").orElse("") + rule.column() + "="
                + rule.type() + ":" + rule.strategy().label();
    }
}
