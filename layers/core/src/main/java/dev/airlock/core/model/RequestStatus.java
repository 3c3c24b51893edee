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
    FAILED,
    /**
     * The gateway stopped (crash, kill, timeout) between recording the intent and the outcome:
     * the request may or may not have run. Written by the reconciler, never by the pipeline.
     */
    OUTCOME_UNKNOWN
}
