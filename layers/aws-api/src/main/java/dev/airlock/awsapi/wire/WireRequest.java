package dev.airlock.awsapi.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request exactly as an AWS SDK sent it to Airlock's {@code /aws} endpoint: what SigV4
 * verification and the wire decoders read.
 *
 * @param method   the HTTP method, upper case
 * @param rawPath  the path as sent, still percent-encoded, with the {@code /aws} prefix removed ({@code /bucket/a%20b})
 * @param rawQuery the query string as sent, still percent-encoded, without {@code ?}; empty when none
 * @param headers  every header, names lower case, values in the order received
 * @param body     the body bytes
 */
public record WireRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                          byte[] body) {
    public WireRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        rawQuery = rawQuery == null ? "" : rawQuery;
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        lower.replaceAll((name, values) -> List.copyOf(values));
        headers = Map.copyOf(lower);
        body = body == null ? new byte[0] : body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The one value of a header; empty when absent. A header sent twice is refused by callers via {@link #headerCount}. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public int headerCount(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? 0 : values.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireRequest w && method.equals(w.method) && rawPath.equals(w.rawPath)
                && rawQuery.equals(w.rawQuery) && headers.equals(w.headers) && Arrays.equals(body, w.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, rawPath, rawQuery, headers, Arrays.hashCode(body));
    }

    /** Never the signature or the token: a wire request may be logged by mistake. */
    @Override
    public String toString() {
        return "WireRequest[" + method + " " + rawPath + (rawQuery.isEmpty() ? "" : "?…") + ", " + body.length
                + " bytes]";
    }
}
