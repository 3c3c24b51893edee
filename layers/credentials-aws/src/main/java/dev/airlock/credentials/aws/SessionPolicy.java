package dev.airlock.credentials.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The inline session policy for one request, as the compact JSON handed to
 * {@code sts:AssumeRole}. Built only by {@link SessionPolicyBuilder}, so it is canonical:
 * equal accesses give byte-identical JSON, and equality is equality of that JSON.
 */
public final class SessionPolicy {
    /** STS's limit on the plaintext of an inline session policy, whitespace excluded. */
    public static final int MAX_CHARACTERS = 2048;

    private final String json;

    SessionPolicy(String json) {
        this.json = json;
    }

    /** Compact JSON, the exact {@code Policy} parameter sent to STS. */
    public String json() {
        return json;
    }

    public int length() {
        return json.length();
    }

    /** SHA-256 of the JSON, hex: short enough for messages and logs, which never carry the policy. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionPolicy other && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "SessionPolicy[" + length() + " chars, sha256=" + sha256().substring(0, 16) + "]";
    }
}
