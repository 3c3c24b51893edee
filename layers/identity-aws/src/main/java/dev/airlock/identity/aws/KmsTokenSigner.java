package dev.airlock.identity.aws;

import dev.airlock.aws.support.KmsSigner;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;
import software.amazon.awssdk.services.kms.KmsClient;

import java.security.interfaces.ECPublicKey;
import java.util.Set;

/**
 * Signs gateway tokens (ES256) with a KMS key: the private key never leaves KMS. The public
 * half is published in the JWK set under its RFC 7638 thumbprint, so a rotated key gets a new
 * {@code kid} without anyone choosing one.
 */
public final class KmsTokenSigner implements JWSSigner {
    private final KmsSigner kms;
    private final ECKey publicKey;
    private final JCAContext jca = new JCAContext();

    private KmsTokenSigner(KmsSigner kms, ECKey publicKey) {
        this.kms = kms;
        this.publicKey = publicKey;
    }

    /**
     * Reads the key's public half once, so a key of the wrong kind stops start-up.
     *
     * @throws IllegalStateException when the key is not an ECC_NIST_P256 signing key or cannot be read
     */
    public static KmsTokenSigner forKey(KmsClient client, String keyId) {
        KmsSigner kms = new KmsSigner(client, keyId);
        return new KmsTokenSigner(kms, publicJwk(kms));
    }

    /** The public key of a KMS key as a JWK, for verifying tokens it signed (also a previous key's). */
    public static ECKey publicJwk(KmsClient client, String keyId) {
        return publicJwk(new KmsSigner(client, keyId));
    }

    private static ECKey publicJwk(KmsSigner kms) {
        try {
            return new ECKey.Builder(Curve.P_256, (ECPublicKey) kms.publicKey()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot compute the JWK thumbprint of KMS key " + kms.keyId(), e);
        }
    }

    public ECKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return publicKey.getKeyID();
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw new JOSEException("KMS key " + kms.keyId() + " signs ES256 only, not " + header.getAlgorithm());
        }
        try {
            return Base64URL.encode(kms.sign(signingInput));
        } catch (IllegalStateException e) {
            throw new JOSEException(e.getMessage(), e);
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.ES256);
    }

    @Override
    public JCAContext getJCAContext() {
        return jca;
    }

    @Override
    public String toString() {
        return "KmsTokenSigner[kmsKey=" + kms.keyId() + ", kid=" + keyId() + "]";
    }
}
