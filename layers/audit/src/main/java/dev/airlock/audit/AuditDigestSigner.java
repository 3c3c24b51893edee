package dev.airlock.audit;

/**
 * Signs audit digests with the gateway key: ES256 (ECDSA P-256 with SHA-256), the signature in
 * the JOSE form (R and S, 32 bytes each), so a digest is an ordinary JWS anyone can check with
 * the gateway's published public key. Implementations never expose the private key.
 */
public interface AuditDigestSigner {
    /** The key id verifiers look the public key up by (the JWK {@code kid}, or the KMS key id). */
    String keyId();

    /** The 64-byte ES256 signature of {@code signingInput}. */
    byte[] sign(byte[] signingInput);
}
