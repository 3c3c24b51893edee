package dev.airlock.awsapi.wire;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The headers an SDK may send Airlock. Signing and SDK bookkeeping headers are read and dropped;
 * any other {@code x-amz-*} or {@code x-amzn-*} header could change what AWS does, so it is
 * refused; every other header is dropped (the rebuilt request carries only what the codec sets).
 */
final class WireHeaders {
    /** Signing and SDK bookkeeping: read by SigV4 verification, never forwarded. */
    static final Set<String> BOOKKEEPING = Set.of("x-amz-date", "x-amz-security-token", "x-amz-content-sha256",
            "x-amz-user-agent", "x-amzn-trace-id");
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9-]{1,64}");

    private WireHeaders() {
    }

    /** Why the request's headers are refused, if they are; {@code alsoAllowed} are the protocol's own. */
    static Optional<String> check(WireRequest request, Set<String> alsoAllowed) {
        for (String name : request.headers().keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean amz = lower.startsWith("x-amz-") || lower.startsWith("x-amzn-");
            if (amz && !BOOKKEEPING.contains(lower) && !alsoAllowed.contains(lower)) {
                return Optional.of("Header " + (TOKEN.matcher(lower).matches() ? lower : "x-amz-…")
                        + " is not one Airlock passes on for this service: remove it.");
            }
            if ((amz || lower.equals("content-type")) && request.headerCount(lower) > 1) {
                return Optional.of("Header " + lower + " is sent more than once: send it once.");
            }
        }
        return Optional.empty();
    }

    /** The media type of {@code Content-Type}, lower case, without a {@code charset=utf-8} parameter. */
    static Optional<String> mediaType(WireRequest request) {
        Optional<String> value = request.header("content-type");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = value.get().split(";", -1);
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
            if (!param.equals("charset=utf-8")) {
                return Optional.of("(unsupported parameters)");
            }
        }
        return Optional.of(type);
    }

    /** A request path Airlock reads for POST-/ protocols: {@code /} (or nothing, when the gateway strips {@code /aws}). */
    static boolean isRoot(String rawPath) {
        return rawPath.isEmpty() || rawPath.equals("/");
    }
}
