package dev.airlock.awsapi.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Requests the AWS CLI v1, boto3 and SDK v2 sent to a capturing HTTP server at
 * {@code AWS_ENDPOINT_URL=http://127.0.0.1:PORT/aws} ({@code wire/s3/*.json}: method, path, query,
 * headers, body in base64), read back as Airlock's /aws route hands them to the codec.
 */
final class S3Captures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3Captures() {
    }

    static WireRequest load(String name) {
        try (InputStream in = S3Captures.class.getResourceAsStream("/wire/s3/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("No capture wire/s3/" + name + ".json");
            }
            JsonNode node = JSON.readTree(in);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (JsonNode header : node.get("headers")) {
                headers.computeIfAbsent(header.get(0).asText(), h -> new ArrayList<>()).add(header.get(1).asText());
            }
            String path = node.get("path").asText();
            return new WireRequest(node.get("method").asText(), path.substring("/aws".length()),
                    node.get("query").asText(), headers, Base64.getDecoder().decode(node.get("bodyBase64").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The wire request an SDK would send for a rebuilt request (what AWS receives), to read it again. */
    static WireRequest toWire(RebuiltRequest rebuilt) {
        String query = rebuilt.query().stream()
                .map(e -> Percent.encode(e.getKey(), false) + (e.getValue().isEmpty() && isFlag(e.getKey()) ? ""
                        : "=" + Percent.encode(e.getValue(), false)))
                .collect(Collectors.joining("&"));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        rebuilt.headers().forEach((k, v) -> headers.put(k, List.of(v)));
        headers.put("Host", List.of("127.0.0.1:8899"));
        return new WireRequest(rebuilt.method(), rebuilt.encodedPath(), query, headers, rebuilt.body());
    }

    private static boolean isFlag(String name) {
        return name.equals("delete");
    }

    /** A copy of {@code request} with headers replaced or added ({@code null} value removes one). */
    static WireRequest withHeaders(WireRequest request, Map<String, String> changes) {
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        changes.forEach((name, value) -> {
            if (value == null) {
                headers.remove(name.toLowerCase());
            } else {
                headers.put(name.toLowerCase(), List.of(value));
            }
        });
        return new WireRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }
}
