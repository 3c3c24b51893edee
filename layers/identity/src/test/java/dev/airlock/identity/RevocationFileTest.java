package dev.airlock.identity;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevocationFileTest {
    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final ECKey key = key();
    private final GatewayTokenIssuer issuer = new GatewayTokenIssuer(key, TokenSettings.LOCAL_DEFAULTS, clock);

    private static ECKey key() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private RevocationCheckingVerifier verifier() {
        return new RevocationCheckingVerifier(new JwtTokenVerifier(new JWKSet(key), TokenSettings.LOCAL_DEFAULTS,
                clock), RevocationFile.watch(dataDir, clock));
    }

    @Test
    void verify_whenTokenIdRevokedWhileRunning_refusesWithinASecond() throws Exception {
        var verifier = verifier();
        var revoked = issuer.issue("ops-bot", null);
        var other = issuer.issue("ops-bot", null);
        assertThat(verifier.verify(revoked.token()).agentId()).isEqualTo("ops-bot");

        RevocationFile.revokeToken(dataDir, revoked.tokenId(), Duration.ofHours(1), clock);
        clock.advance(Duration.ofMillis(1_100));

        assertThatThrownBy(() -> verifier.verify(revoked.token())).isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining("revoked");
        assertThat(verifier.verify(other.token()).agentId()).isEqualTo("ops-bot");
    }

    @Test
    void verify_whenAgentRevoked_refusesEveryTokenUntilRestored() throws Exception {
        RevocationFile.revokeAgent(dataDir, "ops-bot", clock);
        var verifier = verifier();
        String token = issuer.issue("ops-bot", null).token();

        assertThatThrownBy(() -> verifier.verify(token)).hasMessageContaining("Agent ops-bot has been revoked");
        assertThat(verifier.verify(issuer.issue("reporting-bot", null).token()).agentId()).isEqualTo("reporting-bot");

        assertThat(RevocationFile.restoreAgent(dataDir, "ops-bot", clock)).isTrue();
        clock.advance(Duration.ofSeconds(2));
        assertThat(verifier.verify(issuer.issue("ops-bot", null).token()).agentId()).isEqualTo("ops-bot");
    }

    @Test
    void verify_whenAgentRestored_keepsTokensMintedBeforeTheRestoreRefused() throws Exception {
        String beforeRevocation = issuer.issue("ops-bot", null).token();
        clock.advance(Duration.ofSeconds(10));
        RevocationFile.revokeAgent(dataDir, "ops-bot", clock);
        clock.advance(Duration.ofSeconds(10));
        String whileRevoked = issuer.issue("ops-bot", null).token();
        clock.advance(Duration.ofMillis(300));
        RevocationFile.restoreAgent(dataDir, "ops-bot", clock);
        clock.advance(Duration.ofMillis(300));
        String sameSecondAsRestore = issuer.issue("ops-bot", null).token();
        clock.advance(Duration.ofSeconds(1));
        String afterRestore = issuer.issue("ops-bot", null).token();
        // A gateway started after the restore reads it from the file as well.
        var verifier = verifier();

        for (String old : java.util.List.of(beforeRevocation, whileRevoked, sameSecondAsRestore)) {
            assertThatThrownBy(() -> verifier.verify(old)).isInstanceOf(TokenRejectedException.class)
                    .hasMessageContaining("issued before agent ops-bot was restored");
        }
        assertThat(verifier.verify(afterRestore).agentId()).isEqualTo("ops-bot");
    }

    @Test
    void restoreAgent_whenRestoreIsADayOld_forgetsIt() {
        RevocationFile.revokeAgent(dataDir, "ops-bot", clock);
        RevocationFile.restoreAgent(dataDir, "ops-bot", clock);
        assertThat(RevocationFile.watch(dataDir, clock).agentRestoredAt("ops-bot")).contains(clock.instant());

        clock.advance(Duration.ofDays(1).plusSeconds(1));
        RevocationFile.revokeToken(dataDir, "any-jti", Duration.ofHours(1), clock);

        assertThat(RevocationFile.watch(dataDir, clock).agentRestoredAt("ops-bot")).isEmpty();
    }

    @Test
    void revokeToken_forgetsIdsOnceNoTokenWithThemCanLive() {
        RevocationFile.revokeToken(dataDir, "old-jti", Duration.ofHours(1), clock);
        clock.advance(Duration.ofHours(2));
        RevocationFile.revokeToken(dataDir, "new-jti", Duration.ofHours(1), clock);

        RevocationFile revocations = RevocationFile.watch(dataDir, clock);
        assertThat(revocations.isTokenRevoked("new-jti")).isTrue();
        assertThat(revocations.isTokenRevoked("old-jti")).isFalse();
    }

    @Test
    void watch_whenFileMalformed_saysHowToFixIt() throws Exception {
        Files.writeString(dataDir.resolve(RevocationFile.FILE_NAME), "[1, 2]");

        assertThatThrownBy(() -> RevocationFile.watch(dataDir, clock))
                .hasMessageContaining("is not a revocation list");
    }
}
