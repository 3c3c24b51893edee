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

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.Secret;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.StatementFailedException;
import dev.airlock.core.port.TargetUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outcome record names the credentials that ran the request, never their secrets. */
class CredentialsInAuditTest {
    /**
     * Credentials as an STS-backed source hands them over: secrets inside, only the session named
     * by {@link #used()}. The real one (StsSessionCredentials) lives in layers/credentials-aws.
     */
    private record StsLikeSession(String accessKeyId, Secret secretAccessKey, Secret sessionToken,
                                  String sessionName, String assumedRoleArn) implements TargetCredentials {
        @Override
        public CredentialsUsed used() {
            return CredentialsUsed.stsSession(assumedRoleArn, sessionName);
        }
    }

    private static final StsLikeSession SESSION = new StsLikeSession("ASIAEXAMPLEKEYID",
            Secret.of("canary-session-secret"), Secret.of("canary-session-token"), "01-first-request",
            "arn:aws:sts::123456789012:assumed-role/airlock-target-orders/01-first-request");
    private static final AgentIdentity AGENT = new AgentIdentity("reporting-bot", "t-1", Instant.EPOCH, Instant.MAX);

    private final Fakes.Target target = new Fakes.Target();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final ScriptedPolicy policy = new ScriptedPolicy(q -> PolicyDecision.allow(List.of("read"), "allowed",
            List.of(), 50));

    private RequestPipeline pipeline(CredentialBroker broker) {
        return RequestPipeline.builder().tokens(new FakeTokens(Map.of("good-token", "reporting-bot")))
                .policy(policy).targets(Fakes.targets(new Fakes.Classifier(sql -> SqlClassification.builder(
                        StatementKind.SELECT, RiskClass.READ).build()), new Fakes.Masker(), target, broker)).audit(audit)
                .approvals(new HeldRequests()).build();
    }

    private void send(CredentialBroker broker) {
        pipeline(broker).handle(InboundRequest.of("sql", "Bearer good-token", Fakes.body("select 1", List.of()),
                "127.0.0.1"));
    }

    @Test
    void outcome_whenRunWithStsSession_namesSessionAndAssumedRoleWithoutSecrets() {
        send((t, agent, id) -> SESSION);

        assertThat(audit.outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(RequestStatus.COMPLETED);
            assertThat(o.credentials()).contains(CredentialsUsed.stsSession(SESSION.assumedRoleArn(),
                    "01-first-request"));
            assertThat(o.toString()).doesNotContain("canary-session-secret", "canary-session-token");
        });
    }

    @Test
    void outcome_whenStatementFails_stillNamesTheCredentials() {
        target.failure = new StatementFailedException("42P01", "relation does not exist");

        send((t, agent, id) -> new DatabaseLogin("airlock_gateway", Secret.of("canary-password")));

        assertThat(audit.outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(RequestStatus.FAILED);
            assertThat(o.credentials()).contains(CredentialsUsed.databaseUser("airlock_gateway"));
        });
    }

    @Test
    void outcome_whenDenied_namesNoCredentials() {
        policy.decide = q -> PolicyDecision.deny(List.of("no"), "denied");

        send((t, agent, id) -> SESSION);

        assertThat(audit.outcomes).singleElement().satisfies(o -> assertThat(o.credentials()).isEmpty());
    }

    /** Hands out a reading login for reads and a writing one otherwise, recording what was asked. */
    private static final class ReadWriteBroker implements CredentialBroker {
        final List<Access> asked = new java.util.ArrayList<>();

        @Override
        public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId) {
            throw new AssertionError("the pipeline names the access it needs");
        }

        @Override
        public TargetCredentials credentialsFor(String target, AgentIdentity agent, String requestId, Access access) {
            asked.add(access);
            return new DatabaseLogin(access == Access.READ ? "reader" : "writer", Secret.of("p"));
        }
    }

    @Test
    void broker_whenStatementOnlyReads_isAskedForReadAccessAndTheReaderRunsIt() {
        ReadWriteBroker broker = new ReadWriteBroker();

        send(broker);

        assertThat(broker.asked).containsExactly(CredentialBroker.Access.READ);
        assertThat(audit.outcomes).singleElement()
                .satisfies(o -> assertThat(o.credentials()).contains(CredentialsUsed.databaseUser("reader")));
    }
}
