package dev.airlock.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.port.TokenRejectedException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtTokenVerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private final ECKey key = generate();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final GatewayTokenIssuer issuer = new GatewayTokenIssuer(key, TokenSettings.LOCAL_DEFAULTS, clock);

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JwtTokenVerifier verifierAt(Instant instant) {
        return new JwtTokenVerifier(new JWKSet(key), TokenSettings.LOCAL_DEFAULTS,
                Clock.fixed(instant, ZoneOffset.UTC));
    }

    private String sign(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder validClaims() {
        return new JWTClaimsSet.Builder().issuer("airlock-local").audience("airlock-gateway").subject("ops-bot")
                .jwtID("t-1").issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(600)));
    }

    private void assertRefused(String token, String reason) {
        assertThatThrownBy(() -> verifierAt(NOW).verify(token))
                .isInstanceOf(TokenRejectedException.class).hasMessageContaining(reason);
    }

    @Test
    void verify_whenTokenIssuedByGateway_namesTheAgent() throws Exception {
        var issued = issuer.issue("reporting-bot", null);

        AgentIdentity agent = verifierAt(NOW.plusSeconds(60)).verify(issued.token());

        assertThat(agent.agentId()).isEqualTo("reporting-bot");
        assertThat(agent.tokenId()).isEqualTo(issued.tokenId());
        assertThat(agent.tokenExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
    }

    @Test
    void verify_whenExpired_refuses() {
        String token = issuer.issue("reporting-bot", Duration.ofMinutes(1)).token();

        assertThatThrownBy(() -> verifierAt(NOW.plusSeconds(120)).verify(token)).hasMessageContaining("expired");
    }

    @Test
    void verify_whenNotYetValid_refuses() throws Exception {
        assertRefused(sign(validClaims().notBeforeTime(Date.from(NOW.plusSeconds(300))).build()), "not valid yet");
    }

    @Test
    void verify_whenIssuerDiffers_refuses() throws Exception {
        assertRefused(sign(validClaims().issuer("https://evil.example").build()), "another issuer");
    }

    @Test
    void verify_whenAudienceDiffers_refuses() throws Exception {
        assertRefused(sign(validClaims().audience("some-other-api").build()), "another audience");
    }

    @Test
    void verify_whenLifetimeExceedsOneHour_refuses() throws Exception {
        assertRefused(sign(validClaims().expirationTime(Date.from(NOW.plus(Duration.ofHours(5)))).build()),
                "longer than");
    }

    @Test
    void verify_whenAlgIsNone_refuses() {
        assertRefused(new PlainJWT(validClaims().build()).serialize(), "unsigned");
    }

    @Test
    void verify_whenHs256SignedWithThePublicKey_refuses() throws Exception {
        byte[] publicKeyAsSecret = key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
                validClaims().build());
        jwt.sign(new MACSigner(publicKeyAsSecret));

        assertRefused(jwt.serialize(), "HS256");
    }

    @Test
    void verify_whenSignedByUnknownKey_refuses() throws Exception {
        ECKey other = generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(other.getKeyID()).build(),
                validClaims().build());
        jwt.sign(new ECDSASigner(other));

        assertRefused(jwt.serialize(), "does not know");
    }

    @Test
    void verify_whenPayloadTampered_refuses() throws Exception {
        String[] parts = issuer.issue("reporting-bot", null).token().split("\\.");
        String forgedClaims = Base64URL.encode(validClaims().subject("admin-bot").build().toString()).toString();

        assertRefused(parts[0] + "." + forgedClaims + "." + parts[2], "signature is not valid");
    }

    @Test
    void verify_whenGarbage_refuses() {
        assertRefused("not-a-jwt", "not a well-formed JWT");
    }

    @Test
    void issue_whenAgentIdMalformed_refuses() {
        assertThatThrownBy(() -> issuer.issue("bad agent!", null)).hasMessageContaining("not valid");
    }

    @Test
    void issue_whenLifetimeTooLong_refuses() {
        assertThatThrownBy(() -> issuer.issue("ops-bot", Duration.ofHours(2))).hasMessageContaining("60 minutes");
    }

    @Test
    void issuedToken_toString_neverShowsTheToken() {
        var issued = issuer.issue("ops-bot", null);

        assertThat(issued.toString()).doesNotContain(issued.token());
    }
}
