package dev.airlock.identity.aws;

import dev.airlock.aws.support.LocalDynamoDb;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.identity.RevocationCheckingVerifier;
import dev.airlock.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Revocations for the Lambda function, against the real DynamoDB Local. */
class DynamoDbRevocationsTest {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void revokeToken_whenAnotherInstanceChecks_takesEffectWithinTheRefreshInterval() {
        String table = LOCAL.newAuditTable("revoke-token");
        DynamoDbRevocations operator = new DynamoDbRevocations(LOCAL.client(), table, clock);
        DynamoDbRevocations function = new DynamoDbRevocations(LOCAL.client(), table, clock);
        assertThat(function.isTokenRevoked("t-1")).isFalse();

        operator.revokeToken("t-1", Duration.ofHours(1));

        assertThat(function.isTokenRevoked("t-1")).as("cached until the refresh").isFalse();
        clock.advance(DynamoDbRevocations.REFRESH_INTERVAL);
        assertThat(function.isTokenRevoked("t-1")).isTrue();
        assertThat(function.isTokenRevoked("t-2")).isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(function.isTokenRevoked("t-1")).as("forgotten once no token with it can be alive").isFalse();
    }

    @Test
    void revokeAgent_thenRestore_refusesAndThenAcceptsTheAgent() {
        String table = LOCAL.newAuditTable("revoke-agent");
        DynamoDbRevocations revocations = new DynamoDbRevocations(LOCAL.client(), table, clock);

        revocations.revokeAgent("ops-bot");
        assertThat(revocations.isAgentRevoked("ops-bot")).isTrue();
        assertThat(revocations.isAgentRevoked("ci-bot")).isFalse();

        assertThat(revocations.restoreAgent("ops-bot")).isTrue();
        assertThat(revocations.isAgentRevoked("ops-bot")).isFalse();
        assertThat(revocations.restoreAgent("ops-bot")).isFalse();
    }

    @Test
    void verify_whenAgentRestored_keepsTokensIssuedBeforeTheRestoreRefused() throws Exception {
        String table = LOCAL.newAuditTable("restore-old-tokens");
        DynamoDbRevocations operator = new DynamoDbRevocations(LOCAL.client(), table, clock);
        DynamoDbRevocations function = new DynamoDbRevocations(LOCAL.client(), table, clock);
        AgentIdentity beforeRevocation = identity("t-before", clock.instant());
        operator.revokeAgent("ops-bot");
        clock.advance(Duration.ofSeconds(30));
        AgentIdentity whileRevoked = identity("t-while", clock.instant());
        clock.advance(Duration.ofMillis(400));
        assertThat(operator.restoreAgent("ops-bot")).isTrue();
        AgentIdentity sameSecondAsRestore = identity("t-same-second", clock.instant().minusMillis(400));
        clock.advance(Duration.ofSeconds(1));
        AgentIdentity afterRestore = identity("t-after", Instant.ofEpochSecond(clock.instant().getEpochSecond()));
        clock.advance(DynamoDbRevocations.REFRESH_INTERVAL);

        for (AgentIdentity old : java.util.List.of(beforeRevocation, whileRevoked, sameSecondAsRestore)) {
            assertThatThrownBy(() -> verifier(function, old).verify("token")).as(old.tokenId())
                    .isInstanceOf(TokenRejectedException.class)
                    .hasMessageContaining("issued before agent ops-bot was restored");
        }
        assertThat(verifier(function, afterRestore).verify("token").tokenId()).isEqualTo("t-after");
        assertThat(verifier(function, new AgentIdentity("ci-bot", "t-ci", Instant.parse("2026-11-25T09:59:00Z"),
                Instant.parse("2026-11-25T10:14:00Z"))).verify("token").agentId()).isEqualTo("ci-bot");
    }

    @Test
    void restoreAgent_whenAgentNotRevoked_recordsNoRestoreAndKeepsItsTokens() throws Exception {
        String table = LOCAL.newAuditTable("restore-unrevoked");
        DynamoDbRevocations revocations = new DynamoDbRevocations(LOCAL.client(), table, clock);
        AgentIdentity token = identity("t-1", clock.instant());
        clock.advance(Duration.ofSeconds(5));

        assertThat(revocations.restoreAgent("ops-bot")).isFalse();

        assertThat(revocations.agentRestoredAt("ops-bot")).isEmpty();
        assertThat(verifier(revocations, token).verify("token").tokenId()).isEqualTo("t-1");
    }

    private AgentIdentity identity(String tokenId, Instant issuedAt) {
        return new AgentIdentity("ops-bot", tokenId, issuedAt, issuedAt.plus(Duration.ofMinutes(15)));
    }

    private static RevocationCheckingVerifier verifier(DynamoDbRevocations revocations, AgentIdentity identity) {
        return new RevocationCheckingVerifier(token -> identity, revocations);
    }

    @Test
    void verify_whenRevocationsStayUnreadable_refusesTheTokenRatherThanMissARevocation() throws Exception {
        String table = LOCAL.newAuditTable("revoke-unreadable");
        DynamoDbClient unreachable = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
        AgentIdentity agent = new AgentIdentity("ops-bot", "t-9", Instant.parse("2026-11-25T10:00:00Z"),
                Instant.parse("2026-11-25T10:15:00Z"));
        RevocationCheckingVerifier verifier = new RevocationCheckingVerifier(token -> agent,
                new DynamoDbRevocations(unreachable, table, clock));

        assertThatThrownBy(() -> verifier.verify("any"))
                .isInstanceOf(TokenRejectedException.class).hasMessageContaining("cannot check revocations");
    }
}
