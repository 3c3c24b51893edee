package dev.airlock.core.model;

/** How a request ended, as the audit trail records it. */
public enum RequestStatus {
    /** Ran and answered. */
    COMPLETED,
    /** Policy denied it; nothing ran. */
    DENIED,
    /** Held for a human; nothing ran yet. */
    PENDING_APPROVAL,
    /** The request itself was malformed or named an unknown target; nothing ran. */
    REJECTED,
    /** No valid token; nothing ran. */
    UNAUTHENTICATED,
    /** It was allowed but failed in the target or the gateway. */
    FAILED
}
