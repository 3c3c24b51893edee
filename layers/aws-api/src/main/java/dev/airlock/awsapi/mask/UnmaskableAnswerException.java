package dev.airlock.awsapi.mask;

/**
 * An answer Airlock cannot mask, so it must not pass: a binary object (which passes only where
 * policy says so), a body that does not parse, or XML with a DTD. When thrown from a streaming
 * method part of the output may already be written: the caller aborts the answer.
 */
public final class UnmaskableAnswerException extends RuntimeException {
    private final boolean binary;

    UnmaskableAnswerException(String message, boolean binary, Throwable cause) {
        super(message, cause);
        this.binary = binary;
    }

    static UnmaskableAnswerException binary(String contentType) {
        return new UnmaskableAnswerException("an object of content type '" + contentType + "' is binary: binary "
                + "objects pass only where policy says so", true, null);
    }

    static UnmaskableAnswerException unreadable(String message, Throwable cause) {
        return new UnmaskableAnswerException(message, false, cause);
    }

    /** True when the body was refused for being binary, not for being malformed. */
    public boolean binary() {
        return binary;
    }
}
