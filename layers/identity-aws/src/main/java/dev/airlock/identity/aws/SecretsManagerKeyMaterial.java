package dev.airlock.identity.aws;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

import java.util.Base64;

/**
 * Raw key bytes kept in a Secrets Manager secret: a binary secret, or a string secret holding
 * base64 (what {@code openssl rand -base64 32} prints). Read once at start-up; errors name the
 * secret and the fix, never its content.
 */
public final class SecretsManagerKeyMaterial {
    /** HMAC-SHA256 wants at least its output size; fewer bytes would weaken every pseudonym. */
    public static final int MIN_BYTES = 32;

    private SecretsManagerKeyMaterial() {
    }

    public static byte[] fetch(SecretsManagerClient secrets, String secretId) {
        GetSecretValueResponse value;
        try {
            value = secrets.getSecretValue(b -> b.secretId(secretId));
        } catch (SdkException e) {
            throw new IllegalStateException("Cannot read the key secret '" + secretId + "' (" + e.getClass()
                    .getSimpleName() + "): check that it exists and that the function's role may "
                    + "secretsmanager:GetSecretValue it.", null);
        }
        byte[] key;
        if (value.secretBinary() != null) {
            key = value.secretBinary().asByteArray();
        } else {
            try {
                key = Base64.getDecoder().decode(value.secretString() == null ? "" : value.secretString().strip());
            } catch (IllegalArgumentException notBase64) {
                throw new IllegalStateException("The key secret '" + secretId + "' is not base64: store the output "
                        + "of `openssl rand -base64 32` as its secret string.", null);
            }
        }
        if (key.length < MIN_BYTES) {
            throw new IllegalStateException("The key secret '" + secretId + "' holds " + key.length + " bytes; it "
                    + "needs at least " + MIN_BYTES + ": store the output of `openssl rand -base64 32`.");
        }
        return key;
    }
}
