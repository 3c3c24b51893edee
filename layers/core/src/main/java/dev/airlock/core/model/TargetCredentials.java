package dev.airlock.core.model;

/**
 * Credentials the broker hands to a target for one request. Implementations never print
 * their secret parts.
 */
public sealed interface TargetCredentials permits DatabaseLogin {
}
