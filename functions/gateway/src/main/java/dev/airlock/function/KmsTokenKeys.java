package dev.airlock.function;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.airlock.identity.SigningKey;
import dev.airlock.identity.aws.KmsTokenSigner;
import software.amazon.awssdk.services.kms.KmsClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The KMS keys behind the gateway's tokens: the one that signs now, the one before the last
 * rotation and any keys of other signers the operator listed. Read at start-up, and read again
 * by {@link #reload()} after a SnapStart restore: the settings may name an alias that an operator
 * has since pointed at a new key, and a copy restored from an older snapshot must then sign
 * under the new key's {@code kid} and accept tokens the new key signed.
 */
final class KmsTokenKeys {
    private record Loaded(KmsTokenSigner signer, SigningKey signingKey, JWKSet published) {
    }

    private final Supplier<KmsClient> kms;
    private final Optional<String> currentKeyId;
    private final Optional<String> previousKeyId;
    private final JWKSet otherSigners;
    private volatile Loaded loaded;

    /** @throws IllegalStateException naming the variable whose key cannot be used */
    KmsTokenKeys(Supplier<KmsClient> kms, Optional<String> currentKeyId, Optional<String> previousKeyId,
                 JWKSet otherSigners) {
        this.kms = kms;
        this.currentKeyId = currentKeyId;
        this.previousKeyId = previousKeyId;
        this.otherSigners = otherSigners;
        this.loaded = load();
    }

    /** Reads the KMS keys again; on failure the keys read before stay in use and the failure is thrown. */
    void reload() {
        loaded = load();
    }

    /** The signer and kid for new tokens and links; empty when no KMS key is configured. */
    Optional<SigningKey> signingKey() {
        return Optional.ofNullable(loaded.signingKey());
    }

    /** Public halves of every key tokens are accepted from, current first. */
    JWKSet published() {
        return loaded.published();
    }

    private Loaded load() {
        List<JWK> keys = new ArrayList<>();
        KmsTokenSigner signer = null;
        if (currentKeyId.isPresent()) {
            try {
                signer = KmsTokenSigner.forKey(kms.get(), currentKeyId.get());
            } catch (RuntimeException e) {
                throw new IllegalStateException(GatewaySettings.TOKEN_KMS_KEY_ID.variable() + ": " + e.getMessage(),
                        e);
            }
            keys.add(signer.publicKey());
        }
        if (previousKeyId.isPresent()) {
            try {
                keys.add(KmsTokenSigner.publicJwk(kms.get(), previousKeyId.get()));
            } catch (RuntimeException e) {
                throw new IllegalStateException(GatewaySettings.PREVIOUS_TOKEN_KMS_KEY_ID.variable() + ": "
                        + e.getMessage(), e);
            }
        }
        keys.addAll(otherSigners.getKeys());
        return new Loaded(signer, signer == null ? null : new SigningKey(signer, signer.keyId()),
                new JWKSet(keys).toPublicJWKSet());
    }

    @Override
    public String toString() {
        return "KmsTokenKeys" + published().getKeys().stream().map(JWK::getKeyID).toList();
    }
}
