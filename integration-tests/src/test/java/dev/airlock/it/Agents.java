package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import dev.airlock.identity.GatewayTokenIssuer;
import dev.airlock.identity.SigningKeyFile;
import dev.airlock.identity.TokenSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** What an agent does: hold a token signed with the local key and POST JSON to the gateway. */
final class Agents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Agents() {
    }

    static String token(Path dataDir, String agent) {
        return issuer(SigningKeyFile.load(dataDir), TokenSettings.LOCAL_DEFAULTS, Clock.systemUTC())
                .issue(agent, null).token();
    }

    static GatewayTokenIssuer issuer(ECKey key, TokenSettings settings, Clock clock) {
        return new GatewayTokenIssuer(key, settings, clock);
    }

    static String body(String target, String sql, Object... params) {
        ObjectNode body = JSON.createObjectNode();
        body.put("target", target);
        body.put("sql", sql);
        body.set("params", JSON.valueToTree(Arrays.asList(params)));
        return body.toString();
    }

    static HttpResponse<String> post(URI gateway, String bearer, String body) {
        return post(gateway, "/v1/sql", bearer, body);
    }

    /** An AWS call through the JSON API, {@code POST /v1/aws}. */
    static HttpResponse<String> aws(URI gateway, String bearer, String body) {
        return post(gateway, "/v1/aws", bearer, body);
    }

    static HttpResponse<String> post(URI gateway, String path, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.build());
    }

    /** Sends a request to a gateway; the response is kept as {@link Evidence} for the canary scan. */
    static HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Evidence.response(response);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> sql(LocalGateway gateway, String agent, String sql, Object... params) {
        return post(gateway.url(), token(gateway.dataDir(), agent), body("demo", sql, params));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return parse(response.body());
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> texts(JsonNode array) {
        return JSON.convertValue(array, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }
}
