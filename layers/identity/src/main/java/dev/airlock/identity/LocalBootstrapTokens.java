package dev.airlock.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.airlock.core.port.TokenRejectedException;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Local bootstrap tokens: what {@code ./airlock token --bootstrap} hands a local agent to trade
 * at {@code POST /v1/token}. They are signed with the gateway's key but carry their own
 * {@code typ} and audience, so a bootstrap token is never accepted as a gateway token and a
 * gateway token is never accepted as a bootstrap token.
 */
public final class LocalBootstrapTokens {
    public static final JOSEObjectType TYPE = new JOSEObjectType("airlock-bootstrap+jwt");
    public static final String AUDIENCE = "airlock-bootstrap";
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final Duration MAX_TTL = Duration.ofHours(24);

    private final GatewayPublicKeys keys;
    private final String issuer;
    private final Duration clockSkew;
    private final Clock clock;

    public LocalBootstrapTokens(JWKSet keys, TokenSettings settings, Clock clock) {
        this(new GatewayPublicKeys(keys), settings, clock);
    }

    public LocalBootstrapTokens(GatewayPublicKeys keys, TokenSettings settings, Clock clock) {
        this.keys = keys;
        this.issuer = settings.issuer();
        this.clockSkew = settings.clockSkew();
        this.clock = clock;
    }

    /** Signs a bootstrap token for {@code agentId} with the gateway's current key. */
    public static GatewayTokenIssuer.IssuedToken issue(ECKey key, String issuer, String agentId, Duration ttl,
                                                       Clock clock) {
        Duration lifetime = ttl == null ? DEFAULT_TTL : ttl;
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("A bootstrap token lives between 1 second and "
                    + MAX_TTL.toHours() + " hours.");
        }
        Instant now = clock.instant();
        String tokenId = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE).subject(agentId)
                .jwtID(tokenId).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(TYPE)
                .build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing the bootstrap token failed", e);
        }
        return new GatewayTokenIssuer.IssuedToken(jwt.serialize(), tokenId, agentId, now.plus(lifetime));
    }

    /** @return the agent the bootstrap token names */
    String verify(SignedJWT jwt) throws TokenRejectedException {
        JWSHeader header = jwt.getHeader();
        if (!TYPE.equals(header.getType())) {
            throw new TokenRejectedException("The token is not a local bootstrap token (typ "
                    + TYPE + "); a gateway token cannot be exchanged for another.");
        }
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw new TokenRejectedException("The bootstrap token is signed with " + header.getAlgorithm()
                    + "; bootstrap tokens are signed ES256.");
        }
        JWK jwk = header.getKeyID() == null ? null : keys.keys().getKeyByKeyId(header.getKeyID());
        if (!(jwk instanceof ECKey key)) {
            throw new TokenRejectedException("The bootstrap token was signed by a key this gateway does not know.");
        }
        try {
            if (!jwt.verify(new ECDSAVerifier(key))) {
                throw new TokenRejectedException("The bootstrap token's signature is not valid.");
            }
        } catch (JOSEException e) {
            throw new TokenRejectedException("The bootstrap token's signature cannot be verified.");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejectedException("The bootstrap token's claims are not valid JSON.");
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new TokenRejectedException("The bootstrap token was issued by another issuer, not this gateway.");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(AUDIENCE)) {
            throw new TokenRejectedException("The bootstrap token is meant for another audience.");
        }
        TokenTimes.check(claims, clock.instant(), clockSkew, MAX_TTL, "bootstrap token");
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new TokenRejectedException("The bootstrap token does not name an agent (sub).");
        }
        return subject;
    }
}
