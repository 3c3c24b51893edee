package dev.airlock.policy;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.Effect;
import dev.airlock.core.model.JsonMaskRule;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.port.PolicyCheck;
import dev.airlock.core.port.PolicyQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** AWS checks as the AWS API engine sends them, against the demo policies. */
class AwsResourceDecisionTest {
    private static final String ORDERS = "arn:aws:dynamodb:us-east-1:123456789012:table/demo-orders";
    private static CedarPolicyEngine engine;

    @BeforeAll
    static void load() throws Exception {
        engine = CedarPolicyEngine.load(PolicyBundle.fromDirectory(Path.of(System.getProperty("airlock.policies.dir"))));
    }

    @Test
    void isInside_whenTheArnContinuesPastASeparator_isInside() {
        assertThat(CedarPolicyEngine.isInside("arn:aws:s3:::reports/2026/q3.csv", "arn:aws:s3:::reports")).isTrue();
        assertThat(CedarPolicyEngine.isInside(ORDERS + "/index/byCustomer", ORDERS)).isTrue();
        assertThat(CedarPolicyEngine.isInside("arn:aws:s3:::reports/incoming/x", "arn:aws:s3:::reports/incoming/"))
                .isTrue();
        assertThat(CedarPolicyEngine.isInside("arn:aws:logs:us-east-1:1:log-group:/demo/app:log-stream:web-1",
                "arn:aws:logs:us-east-1:1:log-group:/demo/app")).isTrue();
    }

    @Test
    void isInside_whenOnlyTheNameStartsAlike_isNotInside() {
        assertThat(CedarPolicyEngine.isInside("arn:aws:s3:::reports-old/x", "arn:aws:s3:::reports")).isFalse();
        assertThat(CedarPolicyEngine.isInside("arn:aws:s3:::reports", "arn:aws:s3:::reports")).isFalse();
        // Log group names hold slashes: /demo/app/audit is another group, not part of /demo/app.
        assertThat(CedarPolicyEngine.isInside("arn:aws:logs:us-east-1:1:log-group:/demo/app/audit",
                "arn:aws:logs:us-east-1:1:log-group:/demo/app")).isFalse();
    }

    @Test
    void decide_whenReportingReadsOrders_allowsWithTheEmailsMasked() {
        PolicyDecision d = engine.decide(query("reporting-bot", "aws:dynamodb:Scan", ORDERS, Map.of()));

        assertThat(d.effect()).isEqualTo(Effect.ALLOW);
        assertThat(d.jsonMaskRules()).extracting(JsonMaskRule::path).contains("$..email");
    }

    @Test
    void decide_whenAnUndeclaredBucketSitsOnlyInTheTarget_noBucketPermitCoversIt() {
        // Every resource is in the call's target; only a declared bucket's objects are in that bucket.
        PolicyDecision d = engine.decide(query("reporting-bot", "aws:s3:GetObject",
                "arn:aws:s3:::somebody-elses-bucket/x.csv", Map.of()));

        assertThat(d.effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void decide_whenAnOptionalFactIsMissing_thePermitThatNeedsItDoesNotApply() {
        PolicyDecision withKind = engine.decide(query("reporting-bot", "aws:dynamodb:ExecuteStatement", ORDERS,
                Map.of("statementKind", "select")));
        PolicyDecision without = engine.decide(query("reporting-bot", "aws:dynamodb:ExecuteStatement", ORDERS,
                Map.of()));

        assertThat(withKind.effect()).isEqualTo(Effect.ALLOW);
        assertThat(without.effect()).isEqualTo(Effect.DENY);
    }

    private static PolicyQuery query(String agent, String action, String arn, Map<String, String> facts) {
        Map<String, Object> context = new LinkedHashMap<>();
        String[] parts = action.split(":");
        context.put("target", "aws-sandbox");
        context.put("service", parts[1]);
        context.put("operation", parts[2]);
        context.put("region", "us-east-1");
        context.put("risk", "read");
        context.put("readOnly", true);
        context.put("resourceArn", arn);
        context.put("arns", Set.of(arn));
        context.put("access", "read");
        context.putAll(facts);
        Instant now = Instant.now();
        return new PolicyQuery(new AgentIdentity(agent, "jti", now, now.plusSeconds(60)),
                List.of(new PolicyCheck(action, new PolicyCheck.Resource("AwsResource", arn), context,
                        Optional.empty())), List.of(), now, Optional.empty());
    }
}
