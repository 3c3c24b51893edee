package dev.airlock.function.upkeep;

import dev.airlock.audit.aws.KmsDigestSigner;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * The KMS key that signs audit digests, resolved from the configured id or alias to the key KMS
 * names (in AWS its key ARN): verifiers look digests' keys up by that name, so the signer must
 * sign with exactly the key it names. Resolved at start-up, and again by {@link #reload()} after
 * a SnapStart restore, since the alias may have been pointed at a new key since the snapshot.
 */
final class DigestSigningKey {
    private final KmsClient kms;
    private final String configuredKeyId;
    private volatile KmsDigestSigner signer;

    /** @throws IllegalStateException naming the variable and what to fix when the key cannot sign digests */
    DigestSigningKey(KmsClient kms, String configuredKeyId) {
        this.kms = kms;
        this.configuredKeyId = configuredKeyId;
        this.signer = resolve();
    }

    KmsDigestSigner signer() {
        return signer;
    }

    /** Resolves the key again; on failure the key resolved before stays and the failure is thrown. */
    void reload() {
        signer = resolve();
    }

    private KmsDigestSigner resolve() {
        String variable = UpkeepSettings.DIGEST_KEY_ID.variable();
        GetPublicKeyResponse key;
        try {
            key = kms.getPublicKey(b -> b.keyId(configuredKeyId));
        } catch (SdkException e) {
            throw new IllegalStateException(variable + " is " + configuredKeyId + ", which KMS did not give "
                    + "the public key of: check that the key exists in this account and region, and that the "
                    + "function's role may kms:GetPublicKey and kms:Sign with it. KMS said: " + e.getMessage(), e);
        }
        if (key.keyUsage() != null && key.keyUsage() != KeyUsageType.SIGN_VERIFY) {
            throw new IllegalStateException(variable + " is " + configuredKeyId + ", a key for "
                    + key.keyUsageAsString() + "; audit digests need an ECC_NIST_P256 key with key usage SIGN_VERIFY.");
        }
        KmsDigestSigner resolved = new KmsDigestSigner(kms, key.keyId());
        try {
            resolved.publicKey();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(variable + ": " + e.getMessage(), e);
        }
        return resolved;
    }
}
