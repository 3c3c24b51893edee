package dev.airlock.identity;

import com.nimbusds.jwt.SignedJWT;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ./airlock keys rotate while the gateway runs: new tokens get the new key, old ones stay valid. */
class SigningKeyWatchTest {
    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock(Instant.now());

    @Test
    void rotate_whileRunning_signsWithTheNewKeyWithinASecondAndStillAcceptsTheOld() throws Exception {
        SigningKeyWatch keys = SigningKeyWatch.start(dataDir, clock);
        GatewayTokenIssuer issuer = new GatewayTokenIssuer(keys, TokenSettings.LOCAL_DEFAULTS, clock);
        JwtTokenVerifier verifier = new JwtTokenVerifier(new GatewayPublicKeys(keys::publicKeys),
                TokenSettings.LOCAL_DEFAULTS, clock);
        String before = issuer.issue("ops-bot", null).token();
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

        String newKid = SigningKeyFile.rotate(dataDir).getKeyID();
        clock.advance(Duration.ofMillis(1_100));
        String after = issuer.issue("ops-bot", null).token();

        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKid).isNotEqualTo(oldKid);
        assertThat(keys.publicKeys().getKeys()).extracting(k -> k.getKeyID()).containsExactly(newKid, oldKid);
        assertThat(verifier.verify(before).agentId()).isEqualTo("ops-bot");
        assertThat(verifier.verify(after).agentId()).isEqualTo("ops-bot");
    }

    @Test
    void rotate_twice_dropsTheKeyBeforeThePrevious() throws Exception {
        SigningKeyWatch keys = SigningKeyWatch.start(dataDir, clock);
        GatewayTokenIssuer issuer = new GatewayTokenIssuer(keys, TokenSettings.LOCAL_DEFAULTS, clock);
        JwtTokenVerifier verifier = new JwtTokenVerifier(new GatewayPublicKeys(keys::publicKeys),
                TokenSettings.LOCAL_DEFAULTS, clock);
        String first = issuer.issue("ops-bot", null).token();

        SigningKeyFile.rotate(dataDir);
        SigningKeyFile.rotate(dataDir);
        clock.advance(Duration.ofMillis(1_100));

        assertThat(keys.publicKeys().getKeys()).hasSize(2);
        assertThatThrownBy(() -> verifier.verify(first)).isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining("does not know");
    }

    @Test
    void publicKeys_neverHoldAPrivatePart() {
        SigningKeyWatch keys = SigningKeyWatch.start(dataDir, clock);

        assertThat(keys.publicKeys().getKeys()).noneMatch(k -> k.isPrivate());
        assertThat(new GatewayPublicKeys(keys::publicKeys).toJson()).doesNotContain("\"d\"");
    }
}
