package dev.airlock.credentials.aws;

/**
 * STS could not give a session for a request. The message names the role, the kind of failure
 * and what to fix; it never carries credentials or the session policy (only its size and hash).
 */
public final class StsBrokerException extends RuntimeException {

    /** What went wrong, so callers can tell a configuration error from a passing outage. */
    public enum Kind {
        /** The gateway's role may not assume the target role (trust policy or its own IAM policy). */
        ACCESS_DENIED,
        /** STS refused the session policy or tags as too large once packed. */
        POLICY_TOO_LARGE,
        /** STS refused the session policy as malformed. */
        MALFORMED_POLICY,
        /** STS is not activated in the gateway's region. */
        REGION_DISABLED,
        /** The gateway's own credentials are expired or invalid. */
        GATEWAY_CREDENTIALS,
        /** STS was unreachable, throttled or failed; retrying may help. */
        UNAVAILABLE,
        /** Any other refusal (for example an invalid parameter). */
        INVALID_REQUEST
    }

    private final Kind kind;

    StsBrokerException(Kind kind, String message) {
        // No cause: SDK exceptions can quote the request, and this message may be logged.
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
