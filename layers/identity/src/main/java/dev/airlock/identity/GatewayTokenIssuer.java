package dev.airlock.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Issues short-lived ES256 gateway tokens naming an agent. */
public final class GatewayTokenIssuer {
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    /** The signer and its kid, asked for at each issue, so a rotated key signs from then on. */
    private record Signing(JWSSigner signer, String keyId) {
    }

    private final Supplier<Signing> signing;
    private final TokenSettings settings;
    private final Clock clock;

    /** Signs with a key held in memory. */
    public GatewayTokenIssuer(ECKey key, TokenSettings settings, Clock clock) {
        this(ecdsa(key), key.getKeyID(), settings, clock);
    }

    /** Signs with the local gateway's current key file, following rotations. */
    public GatewayTokenIssuer(SigningKeyWatch keys, TokenSettings settings, Clock clock) {
        this.signing = new Supplier<>() {
            private volatile Signing last;

            @Override
            public Signing get() {
                ECKey key = keys.current();
                Signing cached = last;
                if (cached == null || !cached.keyId().equals(key.getKeyID())) {
                    cached = new Signing(ecdsa(key), key.getKeyID());
                    last = cached;
                }
                return cached;
            }
        };
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Signs through any ES256 signer, for example one whose private key never leaves KMS.
     *
     * @param keyId the {@code kid} the published JWK set lists the signer's public key under
     */
    public GatewayTokenIssuer(JWSSigner signer, String keyId, TokenSettings settings, Clock clock) {
        if (!signer.supportedJWSAlgorithms().contains(JWSAlgorithm.ES256)) {
            throw new IllegalArgumentException("Gateway tokens are ES256; the signer cannot sign ES256");
        }
        Signing fixed = new Signing(signer, java.util.Objects.requireNonNull(keyId, "keyId"));
        this.signing = () -> fixed;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Signs with whatever key {@code current} gives at each issue, for example a KMS key
     * reread after a SnapStart restore; each key must be able to sign ES256.
     */
    public GatewayTokenIssuer(Supplier<SigningKey> current, TokenSettings settings, Clock clock) {
        java.util.Objects.requireNonNull(current, "current");
        this.signing = () -> {
            SigningKey key = current.get();
            return new Signing(key.signer(), key.keyId());
        };
        this.settings = settings;
        this.clock = clock;
    }

    private static JWSSigner ecdsa(ECKey key) {
        try {
            return new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("The signing key cannot sign ES256", e);
        }
    }

    /** A signed token, whom it names and when it expires. */
    public record IssuedToken(String token, String tokenId, String agentId, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[tokenId=" + tokenId + ", agentId=" + agentId + ", expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * @param ttl lifetime; {@code null} for the default
     * @throws IllegalArgumentException if the agent id is malformed or the lifetime is out of range
     */
    public IssuedToken issue(String agentId, Duration ttl) {
        if (agentId == null || !AGENT_ID.matcher(agentId).matches()) {
            throw new IllegalArgumentException("Agent id '" + agentId + "' is not valid: use letters, digits and "
                    + ". _ : @ - (at most 128 characters).");
        }
        Duration lifetime = ttl == null ? settings.defaultTtl() : ttl;
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(settings.maxTtl()) > 0) {
            throw new IllegalArgumentException("Token lifetime must be between 1 second and "
                    + settings.maxTtl().toMinutes() + " minutes.");
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime);
        String tokenId = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(settings.audience())
                .subject(agentId)
                .jwtID(tokenId)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .build();
        Signing with = signing.get();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(with.keyId())
                .type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(with.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing the token failed", e);
        }
        return new IssuedToken(jwt.serialize(), tokenId, agentId, expiresAt);
    }
}
