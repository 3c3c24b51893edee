package dev.airlock.awsapi.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests exactly as the AWS CLI 1.45 (botocore 1.43) sent them, captured with a local HTTP
 * server ({@code wire/captured/<service>-<Operation>.json}); the gateway's {@code /aws} prefix is
 * removed as the HTTP edge does.
 */
final class Captured {
    private Captured() {
    }

    static WireRequest load(String name) {
        try (InputStream in = Captured.class.getClassLoader().getResourceAsStream("wire/captured/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("No captured request " + name);
            }
            JsonNode node = new ObjectMapper().readTree(in);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (JsonNode h : node.get("headers")) {
                headers.computeIfAbsent(h.get(0).asText(), k -> new ArrayList<>()).add(h.get(1).asText());
            }
            String path = node.get("path").asText();
            path = path.startsWith("/aws") ? path.substring(4) : path;
            return new WireRequest(node.get("method").asText(), path, node.get("query").asText(), headers,
                    node.get("body").asText().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same request with one header's values replaced (or removed when {@code values} is empty). */
    static WireRequest withHeader(WireRequest request, String name, String... values) {
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.remove(name.toLowerCase(java.util.Locale.ROOT));
        if (values.length > 0) {
            headers.put(name, List.of(values));
        }
        return new WireRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }

    static WireRequest withBody(WireRequest request, String body) {
        return new WireRequest(request.method(), request.rawPath(), request.rawQuery(), request.headers(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** A rebuilt request as an SDK would send it to Airlock: what a second decode reads. */
    static WireRequest asSent(RebuiltRequest rebuilt) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        rebuilt.headers().forEach((k, v) -> headers.put(k, List.of(v)));
        headers.put("x-amz-date", List.of("20261202T182335Z"));
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> q : rebuilt.query()) {
            query.append(query.isEmpty() ? "" : "&").append(FormParameters.encode(q.getKey())).append('=')
                    .append(FormParameters.encode(q.getValue()));
        }
        return new WireRequest(rebuilt.method(), rebuilt.encodedPath(), query.toString(), headers, rebuilt.body());
    }
}
