package dev.airlock.awsapi.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP request Airlock sends to AWS, rebuilt from its own parse of the call, before signing:
 * the target signs exactly this and nothing else.
 *
 * @param method      the HTTP method
 * @param encodedPath the path, percent-encoded as SigV4 expects ({@code /bucket/a%20b})
 * @param query       query parameters in order, each a name and a (decoded) value
 * @param headers     the headers the operation needs (content type, X-Amz-Target, Range, ...), no signing headers
 * @param body        the body bytes
 */
public record RebuiltRequest(String method, String encodedPath, List<Map.Entry<String, String>> query,
                             Map<String, String> headers, byte[] body) {
    public RebuiltRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(encodedPath, "encodedPath");
        query = List.copyOf(query);
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RebuiltRequest r && method.equals(r.method) && encodedPath.equals(r.encodedPath)
                && query.equals(r.query) && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, encodedPath, query, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "RebuiltRequest[" + method + " " + encodedPath + ", " + body.length + " bytes]";
    }
}
