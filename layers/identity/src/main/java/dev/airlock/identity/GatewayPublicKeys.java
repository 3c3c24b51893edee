package dev.airlock.identity;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * The public keys that sign this gateway's tokens, current first, then the previous one while
 * tokens it signed may still be alive: what {@code GET /.well-known/jwks.json} publishes.
 */
public record GatewayPublicKeys(JWKSet keys) {
    public GatewayPublicKeys {
        // Never publish a private part, whatever the caller passed.
        keys = keys.toPublicJWKSet();
    }

    public String toJson() {
        return keys.toString(true);
    }
}
