package dev.airlock.identity;

import com.nimbusds.jose.JWSSigner;

import java.util.Objects;

/**
 * An ES256 signer and the {@code kid} its public key is published under, handed out together so
 * that a signer replaced after a key rotation never signs under the old key's {@code kid}.
 */
public record SigningKey(JWSSigner signer, String keyId) {
    public SigningKey {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(keyId, "keyId");
    }
}
