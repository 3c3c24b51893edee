package dev.airlock.awsapi.engine;

import dev.airlock.awsapi.AwsAccount;
import dev.airlock.awsapi.AwsAnswer;
import dev.airlock.awsapi.catalog.AwsCatalog;
import dev.airlock.awsapi.mask.AwsAnswerMasker;
import dev.airlock.awsapi.wire.RebuiltRequest;
import dev.airlock.awsapi.wire.RestXmlCodec;
import dev.airlock.awsapi.wire.WireDecoder;
import dev.airlock.core.fakes.FakeTokens;
import dev.airlock.core.fakes.HeldRequests;
import dev.airlock.core.fakes.InMemoryAuditLog;
import dev.airlock.core.fakes.ScriptedPolicy;
import dev.airlock.core.model.AccessGrant;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.Effect;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.pipeline.InboundRequest;
import dev.airlock.core.pipeline.PipelineOutcome;
import dev.airlock.core.pipeline.RequestPipeline;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.PolicyCheck;
import dev.airlock.core.targets.Target;
import dev.airlock.core.targets.Targets;
import dev.airlock.masking.MaskingEngine;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS engine in the pipeline, over fakes for AWS itself: what policy is asked, what session
 * the broker is asked for, what request is rebuilt and sent, and what the agent gets back.
 */
class AwsPipelineTest {
    private static final String ACCOUNT = "123456789012";
    private static final String REPORTS = "arn:aws:s3:::airlock-demo-reports";
    private static final MaskingEngine MASKING = MaskingEngine.withDefaultDetectors();

    private final ScriptedPolicy policy = new ScriptedPolicy(q -> allow());
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final HeldRequests approvals = new HeldRequests();
    private final Sender sender = new Sender();
    private final Broker broker = new Broker();
    private final AwsEngine engine = new AwsEngine(WireDecoder.standard(AwsCatalog.load(), new RestXmlCodec()),
            new AwsAnswerMasker(MASKING), MASKING::maskText);
    private final RequestPipeline pipeline = RequestPipeline.builder()
            .tokens(new FakeTokens(Map.of("good", "reporting-bot")))
            .policy(policy)
            .targets(Targets.of(List.of(engine), List.of(new Target<>("aws-sandbox", engine, new AwsAccount(
                    "aws-sandbox", "aws", "us-east-1", ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":role/airlock-target",
                    sender), broker))))
            .audit(audit).approvals(approvals)
            .clock(Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC))
            .build();

    private static PolicyDecision allow() {
        return PolicyDecision.allow(List.of("read"), "allowed", List.of(), 100);
    }

    private PipelineOutcome call(String service, String operation, String input) {
        return pipeline.handle(InboundRequest.of(AwsEngine.PROTOCOL, "Bearer good", """
                {"target":"aws-sandbox","service":"%s","operation":"%s","input":%s}"""
                .formatted(service, operation, input), "127.0.0.1"));
    }

    @Test
    void getObject_whenAllowed_sendsTheRebuiltRequestUnderASessionForExactlyThatObject_andMasksTheCsv() {
        sender.answer = new AwsAnswer(200, Map.of("content-type", List.of("text/csv")),
                "name,email\nAnn,ann@example.com\n".getBytes(StandardCharsets.UTF_8));

        PipelineOutcome outcome = call("s3", "GetObject",
                "{\"Bucket\":\"airlock-demo-reports\",\"Key\":\"2026/q3-customers.csv\"}");

        assertThat(outcome).isInstanceOf(PipelineOutcome.Completed.class);
        AwsMaskedAnswer answer = (AwsMaskedAnswer) ((PipelineOutcome.Completed) outcome).response();
        assertThat(new String(answer.wireBody(), StandardCharsets.UTF_8)).contains("Ann").doesNotContain(
                "ann@example.com");
        assertThat(sender.sent).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.encodedPath()).isEqualTo("/airlock-demo-reports/2026/q3-customers.csv");
        });
        assertThat(broker.grants).containsExactly(List.of(new AccessGrant("s3:GetObject",
                REPORTS + "/2026/q3-customers.csv")));
        assertThat(policy.queries).singleElement().satisfies(query -> assertThat(query.checks())
                .singleElement().satisfies(check -> {
                    assertThat(check.action()).isEqualTo("aws:s3:GetObject");
                    assertThat(check.resource()).isEqualTo(new PolicyCheck.Resource("AwsResource",
                            REPORTS + "/2026/q3-customers.csv"));
                    assertThat(check.context()).containsEntry("keyPrefix", "2026/").containsEntry("access", "read")
                            .containsEntry("target", "aws-sandbox").containsEntry("risk", "read");
                }));
        assertThat(audit.intents).singleElement().satisfies(intent -> {
            assertThat(intent.action()).contains("aws:s3:GetObject");
            assertThat(intent.protocol()).contains("aws");
        });
    }

    @Test
    void copyObject_asksPolicyAboutBothBuckets_andItsSessionMayReadOneAndWriteTheOther() {
        sender.answer = new AwsAnswer(200, Map.of("content-type", List.of("application/xml")),
                "<CopyObjectResult><ETag>\"x\"</ETag></CopyObjectResult>".getBytes(StandardCharsets.UTF_8));

        call("s3", "CopyObject", "{\"Bucket\":\"airlock-demo-reports\",\"Key\":\"incoming/p.csv\","
                + "\"CopySource\":\"airlock-demo-private/payroll.csv\"}");

        assertThat(policy.queries.get(0).checks()).extracting(c -> c.resource().id())
                .containsExactlyInAnyOrder("arn:aws:s3:::airlock-demo-private/payroll.csv",
                        REPORTS + "/incoming/p.csv");
        assertThat(broker.grants.get(0)).containsExactlyInAnyOrder(
                new AccessGrant("s3:GetObject", "arn:aws:s3:::airlock-demo-private/payroll.csv"),
                new AccessGrant("s3:PutObject", REPORTS + "/incoming/p.csv"));
    }

    @Test
    void deleteObjects_whenPolicyForbidsOneKey_runsNothing() {
        policy.decide = query -> PolicyDecision.deny(List.of("no-private"), "forbidden");

        PipelineOutcome outcome = call("s3", "DeleteObjects", "{\"Bucket\":\"airlock-demo-reports\",\"Delete\":"
                + "{\"Objects\":[{\"Key\":\"a.csv\"},{\"Key\":\"b.csv\"}]}}");

        assertThat(outcome).isInstanceOfSatisfying(PipelineOutcome.Refused.class,
                refused -> assertThat(refused.problem().kind()).isEqualTo(ProblemKind.POLICY_DENIED));
        assertThat(policy.queries.get(0).checks()).extracting(c -> c.resource().id())
                .containsExactly(REPORTS + "/a.csv", REPORTS + "/b.csv");
        assertThat(sender.sent).isEmpty();
        assertThat(broker.grants).isEmpty();
    }

    @Test
    void executeStatement_withAPartiqlDelete_isDestructiveAndScopedToPartiqlDelete() {
        sender.answer = new AwsAnswer(200, Map.of("content-type", List.of("application/x-amz-json-1.0")),
                "{\"Items\":[]}".getBytes(StandardCharsets.UTF_8));

        call("dynamodb", "ExecuteStatement", "{\"Statement\":\"DELETE FROM \\\"demo-orders\\\" WHERE orderId='1'\"}");

        PolicyCheck check = policy.queries.get(0).checks().get(0);
        assertThat(check.context()).containsEntry("statementKind", "delete").containsEntry("risk", "destructive");
        assertThat(broker.grants.get(0)).containsExactly(new AccessGrant("dynamodb:PartiQLDelete",
                "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/demo-orders"));
    }

    @Test
    void sendCommand_givesPolicyTheScriptsClass() {
        policy.decide = query -> PolicyDecision.deny(List.of(), "no");

        call("ssm", "SendCommand", "{\"DocumentName\":\"AWS-RunShellScript\",\"InstanceIds\":[\"i-0abc\"],"
                + "\"Parameters\":{\"commands\":[\"df -h; rm -rf /var/log\"]}}");

        assertThat(policy.queries.get(0).checks()).allSatisfy(check ->
                assertThat(check.context()).containsEntry("commandClass", "destructive"));
    }

    @Test
    void getParameter_ofASecureString_neverComesBackRaw_evenWhenPolicyAllows() {
        sender.answer = new AwsAnswer(200, Map.of("content-type", List.of("application/x-amz-json-1.1")), """
                {"Parameter":{"Name":"/demo/db-password","Type":"SecureString","Value":"hunter2-canary"}}"""
                .getBytes(StandardCharsets.UTF_8));

        PipelineOutcome outcome = call("ssm", "GetParameter", "{\"Name\":\"/demo/db-password\",\"WithDecryption\":true}");

        AwsMaskedAnswer answer = (AwsMaskedAnswer) ((PipelineOutcome.Completed) outcome).response();
        assertThat(new String(answer.wireBody(), StandardCharsets.UTF_8)).doesNotContain("hunter2-canary");
        assertThat(answer.body().toString()).doesNotContain("hunter2-canary");
    }

    @Test
    void anOperationOutsideTheCatalog_isMalformed_andSaysHowToAddIt() {
        PipelineOutcome outcome = call("s3", "PutBucketPolicy", "{\"Bucket\":\"b\"}");

        assertThat(outcome).isInstanceOfSatisfying(PipelineOutcome.Refused.class, refused -> {
            assertThat(refused.problem().kind()).isEqualTo(ProblemKind.MALFORMED_REQUEST);
            assertThat(refused.problem().detail()).contains("PutBucketPolicy").contains("docs/aws.md");
        });
        assertThat(sender.sent).isEmpty();
    }

    @Test
    void secretsManagerValues_areNeverProxied() {
        PipelineOutcome outcome = call("secretsmanager", "GetSecretValue", "{\"SecretId\":\"prod/db\"}");

        assertThat(outcome).isInstanceOfSatisfying(PipelineOutcome.Refused.class,
                refused -> assertThat(refused.problem().detail()).contains("never proxies"));
        assertThat(policy.queries).isEmpty();
    }

    @Test
    void aMemberTheCatalogDoesNotKnow_isRefused_andNothingRuns() {
        PipelineOutcome outcome = call("s3", "GetObject",
                "{\"Bucket\":\"airlock-demo-reports\",\"Key\":\"k\",\"CopySource\":\"airlock-demo-private/payroll.csv\"}");

        assertThat(outcome).isInstanceOfSatisfying(PipelineOutcome.Refused.class,
                refused -> assertThat(refused.problem().kind()).isEqualTo(ProblemKind.MALFORMED_REQUEST));
        assertThat(sender.sent).isEmpty();
    }

    @Test
    void heldCall_isFrozenWithItsOperation_andTheCanonicalFormIgnoresKeyOrder() {
        policy.decide = query -> new PolicyDecision(Effect.APPROVAL_REQUIRED, List.of("ops-stop"), "needs a DBA",
                List.of(), List.of(), 100, List.of(new ApprovalRequirement("dba", 1, Duration.ofHours(1),
                Duration.ofMinutes(15))));

        call("ec2", "StopInstances", "{\"InstanceIds\":[\"i-0abc\"],\"Force\":false}");
        call("ec2", "StopInstances", "{\"Force\":false,\"InstanceIds\":[\"i-0abc\"]}");
        call("ec2", "StopInstances", "{\"Force\":true,\"InstanceIds\":[\"i-0abc\"]}");

        assertThat(approvals.held).hasSize(3);
        assertThat(approvals.held.get(0).requestSha256()).isEqualTo(approvals.held.get(1).requestSha256())
                .isNotEqualTo(approvals.held.get(2).requestSha256());
        assertThat(engine.decode(approvals.held.get(0).operation())).isInstanceOf(
                dev.airlock.core.engine.Decoding.Decoded.class);
        assertThat(approvals.held.get(0).facts().resources()).containsExactly(
                "arn:aws:ec2:us-east-1:" + ACCOUNT + ":instance/i-0abc");
        assertThat(sender.sent).isEmpty();
    }

    @Test
    void getCallerIdentity_isAnsweredWithTheAgentsIdentity_withoutAssumingAnything() {
        PipelineOutcome outcome = call("sts", "GetCallerIdentity", "{}");

        AwsMaskedAnswer answer = (AwsMaskedAnswer) ((PipelineOutcome.Completed) outcome).response();
        assertThat(new String(answer.wireBody(), StandardCharsets.UTF_8)).contains("reporting-bot")
                .contains(ACCOUNT);
        assertThat(broker.grants).containsExactly(List.of());
        assertThat(sender.sent).isEmpty();
    }

    @Test
    void auditOutcome_namesTheStsSessionThatRanTheCall_andAwssOwnRequestId() {
        sender.answer = new AwsAnswer(200, Map.of("content-type", List.of("application/x-amz-json-1.0"),
                "x-amzn-RequestId", List.of("AWSREQUEST123")),
                "{\"Table\":{\"TableName\":\"demo-orders\"}}".getBytes(StandardCharsets.UTF_8));

        call("dynamodb", "DescribeTable", "{\"TableName\":\"demo-orders\"}");

        assertThat(audit.outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(RequestStatus.COMPLETED);
            assertThat(outcome.credentials()).get().extracting(CredentialsUsed::sessionName)
                    .isEqualTo(Optional.of("session-1"));
            assertThat(outcome.targetRequestId()).contains("AWSREQUEST123");
        });
    }

    /** Stands in for AWS: keeps what it was sent, answers what the test says. */
    static final class Sender implements dev.airlock.awsapi.AwsSender {
        final List<RebuiltRequest> sent = new ArrayList<>();
        AwsAnswer answer = new AwsAnswer(200, Map.of(), new byte[0]);

        @Override
        public AwsAnswer send(RebuiltRequest request, String signingName, String region,
                              TargetCredentials credentials) {
            sent.add(request);
            return answer;
        }
    }

    /** Stands in for STS: keeps the grants of each session it is asked for. */
    static final class Broker implements CredentialBroker {
        final List<List<AccessGrant>> grants = new ArrayList<>();

        @Override
        public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId) {
            throw new AssertionError("AWS calls always name their grants");
        }

        @Override
        public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId, Access access,
                                                List<AccessGrant> requested) {
            grants.add(List.copyOf(requested));
            int n = grants.size();
            return () -> CredentialsUsed.stsSession("arn:aws:sts::" + ACCOUNT + ":assumed-role/airlock-target/session-"
                    + n, "session-" + n);
        }
    }

}
