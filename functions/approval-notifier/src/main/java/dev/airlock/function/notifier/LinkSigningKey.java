package dev.airlock.function.notifier;

import com.nimbusds.jose.jwk.JWKSet;
import dev.airlock.identity.SigningKey;
import dev.airlock.identity.aws.KmsTokenSigner;
import dev.airlock.settings.SharedSettings;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The gateway's token KMS key, which signs the approve and deny links in the emails. Read at
 * start-up and again by {@link #reload()} after a SnapStart restore: the setting may be an alias
 * that now names a rotated key, and a link must carry the {@code kid} of the key that signed it
 * or the gateway refuses it.
 */
final class LinkSigningKey {
    private record Loaded(SigningKey signingKey, JWKSet published) {
    }

    private final KmsClient kms;
    private final String keyId;
    private volatile Loaded loaded;

    /** @throws IllegalStateException naming the variable when the key cannot sign tokens */
    LinkSigningKey(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
        this.loaded = load();
    }

    /** Reads the key again; on failure the key read before stays and the failure is thrown. */
    void reload() {
        loaded = load();
    }

    SigningKey signingKey() {
        return loaded.signingKey();
    }

    JWKSet published() {
        return loaded.published();
    }

    private Loaded load() {
        KmsTokenSigner signer;
        try {
            signer = KmsTokenSigner.forKey(kms, keyId);
        } catch (RuntimeException e) {
            throw new IllegalStateException(SharedSettings.TOKEN_KMS_KEY_ID.variable() + " is " + keyId + ": "
                    + e.getMessage(), e);
        }
        return new Loaded(new SigningKey(signer, signer.keyId()), new JWKSet(signer.publicKey()));
    }
}
