package dev.airlock.awsapi.sigv4;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;

/**
 * The SigV4 secret key an agent signs with: derived from its gateway token, so that the gateway
 * recomputes it from the token the request carries and stores nothing. Knowing the secret gives
 * nothing the token does not: the token alone is the credential, and it is checked like any other.
 */
public final class DerivedSecret {
    /** Bumped if the derivation ever changes, so that old and new secrets never collide. */
    static final String KEY = "airlock-sigv4-v1";

    private DerivedSecret() {
    }

    /** base64url (no padding) of HMAC-SHA256(key = "airlock-sigv4-v1", data = token). */
    public static String of(String token) {
        Objects.requireNonNull(token, "token");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
