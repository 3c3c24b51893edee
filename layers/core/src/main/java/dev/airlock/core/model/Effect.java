package dev.airlock.core.model;

/** The outcome of policy evaluation for one request. */
public enum Effect {
    ALLOW,
    DENY,
    /** Allowed only after a human approves this exact request. */
    APPROVAL_REQUIRED
}
