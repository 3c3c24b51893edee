package dev.airlock.core.model;

/**
 * Credentials the broker hands to a target for one request. Implementations never print
 * their secret parts.
 */
public interface TargetCredentials {

    /** What the audit record keeps of these credentials: who ran the request, never a secret. */
    CredentialsUsed used();
}
