package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * What API Gateway (HTTP API, payload 2.0) sends a function and gives back to the client: the
 * packaged function is driven through these, as API Gateway would drive it.
 */
final class HttpApiEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpApiEvents() {
    }

    /**
     * What API Gateway would return to the client: status, content type, headers and decoded body;
     * and how long the function's handler took to answer.
     */
    record Answer(int status, String contentType, Map<String, String> headers, String text, Duration handlerTime) {
        JsonNode body() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** @param path the path, with its raw query string after a {@code ?} if any, as API Gateway splits them */
    static String event(String method, String path, Map<String, String> requestHeaders, String body) {
        int query = path.indexOf('?');
        String rawPath = query < 0 ? path : path.substring(0, query);
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", rawPath);
        event.put("rawQueryString", query < 0 ? "" : path.substring(query + 1));
        ObjectNode headers = event.putObject("headers");
        headers.put("user-agent", "airlock-it");
        requestHeaders.forEach((name, value) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), value));
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "123456789012");
        context.put("apiId", "airlock");
        context.put("domainName", "airlock.execute-api.us-east-1.amazonaws.com");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("timeEpoch", System.currentTimeMillis());
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", rawPath);
        http.put("protocol", "HTTP/1.1");
        // API Gateway's sourceIp is the client's address, which it also sends as X-Forwarded-For.
        http.put("sourceIp", headers.path("x-forwarded-for").asText("127.0.0.1"));
        http.put("userAgent", "airlock-it");
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event.toString();
    }

    static Answer invoke(LambdaRuntimeApi runtimeApi, String method, String path, Map<String, String> headers,
                         String body) {
        try {
            LambdaRuntimeApi.Completion completion = runtimeApi.invokeTimed(event(method, path, headers, body),
                    Duration.ofSeconds(90));
            JsonNode response = JSON.readTree(completion.answer());
            String payload = response.path("body").asText("");
            if (response.path("isBase64Encoded").asBoolean()) {
                payload = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8);
            }
            Map<String, String> answerHeaders = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Iterator<Map.Entry<String, JsonNode>> it = response.path("headers").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                answerHeaders.put(header.getKey(), header.getValue().asText());
            }
            return new Answer(response.path("statusCode").asInt(), answerHeaders.getOrDefault("content-type", ""),
                    answerHeaders, payload, completion.handlerTime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
