package dev.airlock.core.port;

/**
 * A token was refused. The message is safe to show the caller: it names what is wrong
 * (expired, wrong audience, bad signature) and never echoes the token.
 */
public class TokenRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public TokenRejectedException(String safeReason) {
        super(safeReason);
    }
}
