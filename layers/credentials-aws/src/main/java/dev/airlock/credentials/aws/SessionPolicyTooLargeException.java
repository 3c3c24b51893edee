package dev.airlock.credentials.aws;

/** The session policy for a request exceeds STS's size limit: the request fails closed. */
public final class SessionPolicyTooLargeException extends IllegalArgumentException {
    private final int size;

    SessionPolicyTooLargeException(int size, int limit) {
        super("The session policy for this request is " + size + " characters packed, over STS's limit of "
                + limit + ": split the request into calls on fewer resources.");
        this.size = size;
    }

    public int size() {
        return size;
    }
}
