package dev.airlock.audit.aws;

import dev.airlock.audit.AuditDigestSigner;
import dev.airlock.aws.support.KmsSigner;
import software.amazon.awssdk.services.kms.KmsClient;

import java.security.PublicKey;

/**
 * Signs audit digests with an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY): the private key
 * never leaves KMS. The signing itself is {@link KmsSigner}, which gateway tokens share.
 */
public final class KmsDigestSigner implements AuditDigestSigner {
    private final KmsSigner kms;

    public KmsDigestSigner(KmsClient kms, String keyId) {
        this.kms = new KmsSigner(kms, keyId);
    }

    @Override
    public String keyId() {
        return kms.keyId();
    }

    @Override
    public byte[] sign(byte[] signingInput) {
        return kms.sign(signingInput);
    }

    /** The public key, for verifiers: fails unless the key is an ECC_NIST_P256 signing key. */
    public PublicKey publicKey() {
        return kms.publicKey();
    }

    @Override
    public String toString() {
        return "KmsDigestSigner[keyId=" + kms.keyId() + "]";
    }
}
