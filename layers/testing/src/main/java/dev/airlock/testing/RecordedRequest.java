package dev.airlock.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** One request moto_server's recorder kept: what reached "AWS", to be checked by a test. */
public record RecordedRequest(String method, String url, Map<String, String> headers, String body) {

    static RecordedRequest of(JsonNode entry) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        entry.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        String body = entry.path("body").asText("");
        if (entry.path("body_encoded").asBoolean(false)) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return new RecordedRequest(entry.path("method").asText(), entry.path("url").asText(), headers, body);
    }

    /** A header by name, any case; empty when absent. */
    public String header(String name) {
        return headers.getOrDefault(name, "");
    }

    /** The body as form parameters, as the query protocol (STS, IAM) sends them. */
    public Map<String, String> form() {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
