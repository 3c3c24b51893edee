package dev.airlock.awsapi.sigv4;

import java.util.Objects;

/** What SigV4 verification made of a request: verified with its scope and token, or refused with AWS's code. */
public sealed interface SigV4Result {

    /** The signature matches the key derived from {@code sessionToken}; the token itself is still to be checked. */
    record Verified(SigV4Scope scope, String sessionToken) implements SigV4Result {
        public Verified {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(sessionToken, "sessionToken");
        }

        /** Never the token. */
        @Override
        public String toString() {
            return "Verified[" + scope + "]";
        }
    }

    /**
     * @param code   the error code AWS answers in the same case ({@code SignatureDoesNotMatch}, ...)
     * @param reason one line for the agent; never the signature or the token
     */
    record Refused(String code, String reason) implements SigV4Result {
        public static final String INCOMPLETE_SIGNATURE = "IncompleteSignature";
        public static final String SIGNATURE_DOES_NOT_MATCH = "SignatureDoesNotMatch";
        public static final String REQUEST_EXPIRED = "RequestExpired";
        public static final String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationToken";
        public static final String INVALID_CLIENT_TOKEN_ID = "InvalidClientTokenId";
        public static final String CONTENT_SHA256_MISMATCH = "XAmzContentSHA256Mismatch";

        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
