package dev.airlock.identity.contract;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.identity.RevocationCheckingVerifier;
import dev.airlock.identity.Revocations;
import dev.airlock.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link Revocations} must do, as an operator revoking and restoring sees it: a revoked
 * token or agent is refused by a running gateway within the adapter's refresh interval and by one
 * started later; restoring an agent never revives its tokens issued up to the restore. Run against
 * the revocation file in layers/identity and against DynamoDB Local in layers/identity-aws (from
 * layers/identity's test jar).
 */
public abstract class RevocationsContract {
    protected static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    /** The clock every adapter under test reads; tests move it. */
    protected final MutableClock clock = new MutableClock(T0);

    /** A gateway reading this test's (fresh, empty) revocation list, started now. */
    protected abstract Revocations startGateway();

    /** How long a running gateway may take to see a change. */
    protected abstract Duration refreshInterval();

    protected abstract void revokeToken(String tokenId, Duration longestTokenLife);

    protected abstract void revokeAgent(String agentId);

    /** @return whether the agent was revoked */
    protected abstract boolean restoreAgent(String agentId);

    private void waitForRefresh() {
        clock.advance(refreshInterval().plusMillis(1));
    }

    @Test
    void revokeToken_whenAGatewayIsRunning_refusesItWithinTheRefreshInterval() {
        Revocations running = startGateway();
        assertThat(running.isTokenRevoked("t-1")).isFalse();

        revokeToken("t-1", Duration.ofHours(1));
        waitForRefresh();

        assertThat(running.isTokenRevoked("t-1")).isTrue();
        assertThat(running.isTokenRevoked("t-2")).isFalse();
        assertThat(startGateway().isTokenRevoked("t-1")).as("a gateway started later").isTrue();
        clock.advance(Duration.ofMinutes(59));
        assertThat(startGateway().isTokenRevoked("t-1")).as("while a token with it can live").isTrue();
    }

    @Test
    void revokeAgent_thenRestore_refusesTheAgentUntilRestored() {
        Revocations running = startGateway();
        assertThat(running.isAgentRevoked("ops-bot")).isFalse();

        revokeAgent("ops-bot");
        waitForRefresh();
        assertThat(running.isAgentRevoked("ops-bot")).isTrue();
        assertThat(running.isAgentRevoked("ci-bot")).isFalse();
        assertThat(startGateway().isAgentRevoked("ops-bot")).as("a gateway started later").isTrue();

        assertThat(restoreAgent("ops-bot")).isTrue();
        waitForRefresh();
        assertThat(running.isAgentRevoked("ops-bot")).isFalse();
        assertThat(running.agentRestoredAt("ops-bot")).isPresent();
        assertThat(restoreAgent("ops-bot")).as("restored already").isFalse();
    }

    @Test
    void verify_whenAgentRestored_keepsTokensIssuedUpToTheRestoreRefused() throws Exception {
        Revocations running = startGateway();
        AgentIdentity beforeRevocation = identity("t-before", clock.instant());
        clock.advance(Duration.ofSeconds(10));
        revokeAgent("ops-bot");
        clock.advance(Duration.ofSeconds(10));
        AgentIdentity whileRevoked = identity("t-while", clock.instant());
        clock.advance(Duration.ofMillis(400));
        assertThat(restoreAgent("ops-bot")).isTrue();
        // Token times have whole seconds: one issued in the restore's second may predate it.
        AgentIdentity sameSecondAsRestore = identity("t-same-second", clock.instant().minusMillis(400));
        clock.advance(Duration.ofSeconds(1));
        AgentIdentity afterRestore = identity("t-after", Instant.ofEpochSecond(clock.instant().getEpochSecond()));
        waitForRefresh();

        for (Revocations gateway : List.of(running, startGateway())) {
            for (AgentIdentity old : List.of(beforeRevocation, whileRevoked, sameSecondAsRestore)) {
                assertThatThrownBy(() -> verifier(gateway, old).verify("token")).as(old.tokenId())
                        .isInstanceOf(TokenRejectedException.class)
                        .hasMessageContaining("issued before agent ops-bot was restored");
            }
            assertThat(verifier(gateway, afterRestore).verify("token").tokenId()).isEqualTo("t-after");
            AgentIdentity otherAgent = new AgentIdentity("ci-bot", "t-ci", T0, T0.plus(Duration.ofMinutes(15)));
            assertThat(verifier(gateway, otherAgent).verify("token").agentId()).isEqualTo("ci-bot");
        }
    }

    @Test
    void restoreAgent_whenAgentNotRevoked_recordsNoRestoreAndKeepsItsTokens() throws Exception {
        AgentIdentity token = identity("t-1", clock.instant());
        clock.advance(Duration.ofSeconds(5));

        assertThat(restoreAgent("ops-bot")).isFalse();
        waitForRefresh();

        Revocations gateway = startGateway();
        assertThat(gateway.agentRestoredAt("ops-bot")).isEmpty();
        assertThat(verifier(gateway, token).verify("token").tokenId()).isEqualTo("t-1");
    }

    private static AgentIdentity identity(String tokenId, Instant issuedAt) {
        return new AgentIdentity("ops-bot", tokenId, issuedAt, issuedAt.plus(Duration.ofMinutes(15)));
    }

    private static RevocationCheckingVerifier verifier(Revocations revocations, AgentIdentity identity) {
        return new RevocationCheckingVerifier(token -> identity, revocations);
    }
}
