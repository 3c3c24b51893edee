package dev.airlock.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.core.port.TokenVerifier;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Verifies gateway tokens: ES256 only, signed by a key in the configured key set (found by
 * {@code kid}), from the configured issuer, for the configured audience, not expired, not used
 * before its time, and never living longer than the maximum lifetime. Each refusal says which
 * check failed, never what the token held.
 */
public final class JwtTokenVerifier implements TokenVerifier {
    private static final int MAX_TOKEN_LENGTH = 8 * 1024;

    private final GatewayPublicKeys keys;
    private final TokenSettings settings;
    private final Clock clock;

    public JwtTokenVerifier(JWKSet keys, TokenSettings settings, Clock clock) {
        this(new GatewayPublicKeys(keys), settings, clock);
    }

    /** Checks against the keys as they are at each call: a rotated key is accepted once published. */
    public JwtTokenVerifier(GatewayPublicKeys keys, TokenSettings settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public AgentIdentity verify(String token) throws TokenRejectedException {
        if (token == null || token.isBlank()) {
            throw new TokenRejectedException("The token is empty.");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejectedException("The token is too long to be a gateway token.");
        }
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new TokenRejectedException("The token is not a well-formed JWT.");
        }
        if (parsed instanceof PlainJWT) {
            throw new TokenRejectedException("The token is unsigned (alg none); gateway tokens are signed ES256.");
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            throw new TokenRejectedException("The token is encrypted; gateway tokens are signed ES256 JWTs.");
        }
        checkSignature(jwt);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejectedException("The token's claims are not valid JSON.");
        }
        return checkClaims(claims);
    }

    private void checkSignature(SignedJWT jwt) throws TokenRejectedException {
        JWSHeader header = jwt.getHeader();
        if (LocalBootstrapTokens.TYPE.equals(header.getType())) {
            throw new TokenRejectedException("The token is a bootstrap token: trade it for a gateway token at "
                    + "POST /v1/token first.");
        }
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw new TokenRejectedException("The token is signed with " + header.getAlgorithm()
                    + "; gateway tokens are signed ES256.");
        }
        JWK jwk = header.getKeyID() == null ? null : keys.keys().getKeyByKeyId(header.getKeyID());
        if (!(jwk instanceof ECKey key)) {
            throw new TokenRejectedException("The token was signed by a key this gateway does not know.");
        }
        try {
            if (!jwt.verify(new ECDSAVerifier(key))) {
                throw new TokenRejectedException("The token's signature is not valid.");
            }
        } catch (JOSEException e) {
            throw new TokenRejectedException("The token's signature cannot be verified.");
        }
    }

    private AgentIdentity checkClaims(JWTClaimsSet claims) throws TokenRejectedException {
        Instant now = clock.instant();
        Duration skew = settings.clockSkew();
        if (!settings.issuer().equals(claims.getIssuer())) {
            throw new TokenRejectedException("The token was issued by another issuer, not this gateway.");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(settings.audience())) {
            throw new TokenRejectedException("The token is meant for another audience, not this gateway.");
        }
        Instant expiresAt = instant(claims.getExpirationTime());
        Instant issuedAt = instant(claims.getIssueTime());
        if (expiresAt == null || issuedAt == null) {
            throw new TokenRejectedException("The token has no expiry or issue time.");
        }
        if (!now.isBefore(expiresAt.plus(skew))) {
            throw new TokenRejectedException("The token has expired.");
        }
        Instant notBefore = instant(claims.getNotBeforeTime());
        if ((notBefore != null && now.plus(skew).isBefore(notBefore)) || now.plus(skew).isBefore(issuedAt)) {
            throw new TokenRejectedException("The token is not valid yet.");
        }
        if (Duration.between(issuedAt, expiresAt).compareTo(settings.maxTtl()) > 0) {
            throw new TokenRejectedException("The token lives longer than the " + settings.maxTtl().toMinutes()
                    + " minutes Airlock accepts.");
        }
        String subject = claims.getSubject();
        String tokenId = claims.getJWTID();
        if (subject == null || subject.isBlank() || tokenId == null || tokenId.isBlank()) {
            throw new TokenRejectedException("The token does not name an agent (sub) and a token id (jti).");
        }
        return new AgentIdentity(subject, tokenId, issuedAt, expiresAt);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
