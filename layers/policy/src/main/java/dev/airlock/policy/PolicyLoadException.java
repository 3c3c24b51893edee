package dev.airlock.policy;

/**
 * The policy bundle cannot be used. The message names the file, the line when known, what
 * is wrong and how to fix it; start-up stops on it.
 */
public class PolicyLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public PolicyLoadException(String message) {
        super(message);
    }

    public PolicyLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
