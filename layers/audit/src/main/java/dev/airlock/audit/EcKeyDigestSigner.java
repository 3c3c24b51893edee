package dev.airlock.audit;

import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.security.Signature;

/** Signs digests with a P-256 private key held in memory: the local gateway's key file. */
public final class EcKeyDigestSigner implements AuditDigestSigner {
    public static final String ALGORITHM = "SHA256withECDSAinP1363Format";

    private final String keyId;
    private final ECPrivateKey privateKey;

    public EcKeyDigestSigner(String keyId, ECPrivateKey privateKey) {
        this.keyId = keyId;
        this.privateKey = privateKey;
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] sign(byte[] signingInput) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(signingInput);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign the audit digest with key " + keyId, e);
        }
    }

    @Override
    public String toString() {
        return "EcKeyDigestSigner[keyId=" + keyId + "]";
    }
}
