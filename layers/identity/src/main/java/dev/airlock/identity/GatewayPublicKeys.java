package dev.airlock.identity;

import com.nimbusds.jose.jwk.JWKSet;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The public keys that sign this gateway's tokens, current first, then the previous one while
 * tokens it signed may still be alive: what {@code GET /.well-known/jwks.json} publishes and
 * what tokens are checked against. Fixed for the Lambda function (its keys are read at start);
 * live for the local gateway, whose key files a rotation replaces.
 */
public final class GatewayPublicKeys {
    private final Supplier<JWKSet> keys;

    public GatewayPublicKeys(JWKSet keys) {
        JWKSet published = keys.toPublicJWKSet();
        this.keys = () -> published;
    }

    public GatewayPublicKeys(Supplier<JWKSet> keys) {
        this.keys = Objects.requireNonNull(keys);
    }

    /** Never a private part, whatever the source holds. */
    public JWKSet keys() {
        return keys.get().toPublicJWKSet();
    }

    public String toJson() {
        return keys().toString(true);
    }

    @Override
    public String toString() {
        return "GatewayPublicKeys" + keys().getKeys().stream().map(k -> k.getKeyID()).toList();
    }
}
