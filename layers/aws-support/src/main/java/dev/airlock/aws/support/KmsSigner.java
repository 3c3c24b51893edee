package dev.airlock.aws.support;


import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Signs with an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY), ECDSA over SHA-256, signatures
 * in JOSE form: the private key never leaves KMS, so not even the gateway's own role can sign
 * anything KMS did not log. Audit digests (KmsDigestSigner) and gateway tokens (KmsTokenSigner) both sign
 * through this one class.
 */
public final class KmsSigner {
    private static final int COORDINATE_BYTES = 32;

    private final KmsClient kms;
    private final String keyId;

    public KmsSigner(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    public String keyId() {
        return keyId;
    }

    /** The 64-byte ES256 signature (R and S side by side) of {@code signingInput}. */
    public byte[] sign(byte[] signingInput) {
        try {
            byte[] der = kms.sign(b -> b.keyId(keyId).message(SdkBytes.fromByteArray(signingInput))
                    .messageType(MessageType.RAW).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
                    .signature().asByteArray();
            return derToJose(der);
        } catch (SdkException e) {
            throw new IllegalStateException("KMS did not sign with key " + keyId
                    + ": check that the function's role may kms:Sign with it. " + e.getMessage(), e);
        }
    }

    /** The public key, for verifiers: fails unless the key is an ECC_NIST_P256 signing key. */
    public PublicKey publicKey() {
        var response = kms.getPublicKey(b -> b.keyId(keyId));
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(response.publicKey().asByteArray()));
        } catch (GeneralSecurityException e) {
            key = null;
        }
        if (key instanceof ECPublicKey ec && ec.getParams().getOrder().bitLength() == 256) {
            return ec;
        }
        String spec = response.keySpec() != null ? response.keySpecAsString() : response.customerMasterKeySpecAsString();
        throw new IllegalStateException("KMS key " + keyId + " is " + spec
                + "; Airlock signs with ECC_NIST_P256 keys whose key usage is SIGN_VERIFY.");
    }

    /** KMS returns ECDSA signatures as DER {@code SEQUENCE { INTEGER r, INTEGER s }}; JWS wants r and s side by side. */
    public static byte[] derToJose(byte[] der) {
        int offset = 0;
        if (der.length < 8 || der[offset++] != 0x30) {
            throw new IllegalArgumentException("not a DER ECDSA signature");
        }
        int sequenceLength = der[offset++] & 0xff;
        if (sequenceLength == 0x81) {
            sequenceLength = der[offset++] & 0xff;
        }
        if (offset + sequenceLength != der.length) {
            throw new IllegalArgumentException("DER ECDSA signature has a wrong length");
        }
        byte[] jose = new byte[2 * COORDINATE_BYTES];
        for (int part = 0; part < 2; part++) {
            if (der[offset++] != 0x02) {
                throw new IllegalArgumentException("DER ECDSA signature lacks an INTEGER");
            }
            int length = der[offset++] & 0xff;
            BigInteger value = new BigInteger(1, Arrays.copyOfRange(der, offset, offset + length));
            offset += length;
            byte[] unsigned = value.toByteArray();
            int skip = unsigned.length > COORDINATE_BYTES ? unsigned.length - COORDINATE_BYTES : 0;
            int copy = unsigned.length - skip;
            if (copy > COORDINATE_BYTES) {
                throw new IllegalArgumentException("DER ECDSA signature value is too long for P-256");
            }
            System.arraycopy(unsigned, skip, jose, part * COORDINATE_BYTES + COORDINATE_BYTES - copy, copy);
        }
        return jose;
    }

    @Override
    public String toString() {
        return "KmsSigner[keyId=" + keyId + "]";
    }
}
