package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: {@code /mcp} at the wire, as the MCP spec's streamable HTTP transport defines it,
 * with plain HTTP requests: the JSON-RPC answers and errors, notifications, the bearer challenge
 * and the protected resource metadata, and a browser page of another site kept out.
 */
class McpProtocolIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROTOCOL_VERSION = "2025-06-18";
    private static final AtomicInteger IDS = new AtomicInteger();
    /** HTTP/1.1, as the MCP clients in use speak it (the Inspector's fetch); HTTP/2 has its own test. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dataDir;
    static LocalGateway gateway;
    static URI mcp;

    @BeforeAll
    static void start() {
        gateway = LocalGateway.start(dataDir);
        mcp = gateway.url().resolve("/mcp");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static String token(String agent) {
        return Agents.token(dataDir, agent);
    }

    private static String request(String method, JsonNode params) {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", IDS.incrementAndGet());
        request.put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        return request.toString();
    }

    private static JsonNode params(String json) {
        return Agents.json(json);
    }

    private static HttpRequest.Builder post(String body) {
        return HttpRequest.newBuilder(mcp).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", PROTOCOL_VERSION)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> send(String agent, String body) {
        return send(post(body).header("Authorization", "Bearer " + token(agent)).build());
    }

    /** Sends over HTTP/1.1; the response is kept as {@link Evidence} for the canary scan. */
    private static HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Evidence.response(response);
            return response;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JSON-RPC message of an answer, whether sent as JSON or as one server-sent event. */
    private static JsonNode message(HttpResponse<String> response) {
        String body = response.body();
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            StringBuilder data = new StringBuilder();
            body.lines().filter(line -> line.startsWith("data:")).forEach(line -> data.append(line.substring(5)));
            body = data.toString();
        }
        try {
            return body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON-RPC: " + response.body(), e);
        }
    }

    private static JsonNode result(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode message = message(response);
        assertThat(message.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(message.has("error")).as(response.body()).isFalse();
        return message.path("result");
    }

    private static JsonNode error(HttpResponse<String> response, int code) {
        JsonNode message = message(response);
        assertThat(message.path("error").path("code").asInt()).as(response.body()).isEqualTo(code);
        assertThat(message.path("error").path("message").asText()).isNotBlank();
        assertThat(message.has("result")).isFalse();
        return message;
    }

    /** Unknown tools and bad arguments: a JSON-RPC -32602 that names its audit record; nothing ran. */
    private static void assertInvalidParams(HttpResponse<String> response) {
        JsonNode message = error(response, -32602);
        assertThat(message.path("id").isNumber()).isTrue();
        String requestId = message.path("error").path("data").path("requestId").asText();
        assertThat(requestId).as(response.body()).isNotBlank();
        assertThat(new AuditTrail(gateway.dynamo()).record(requestId, "outcome")).as("the refusal's audit record")
                .isNotEmpty();
    }

    @Test
    void initialize_answersTheServerAndItsToolsCapability() {
        JsonNode initialized = result(send("reporting-bot", request("initialize", params("""
                {"protocolVersion":"%s","capabilities":{},"clientInfo":{"name":"airlock-it","version":"1"}}"""
                .formatted(PROTOCOL_VERSION)))));

        assertThat(initialized.path("protocolVersion").asText()).as("a version it supports is answered back")
                .isEqualTo(PROTOCOL_VERSION);
        assertThat(initialized.path("capabilities").has("tools")).isTrue();
        assertThat(initialized.path("serverInfo").path("name").asText()).isNotBlank();
    }

    @Test
    void anHttp2Client_isServedLikeAnHttp1One() throws Exception {
        // An HTTP/2 request names its host in :authority and has no Host header; the Host guard reads either.
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String ping = request("ping", null);
        for (int i = 0; i < 2; i++) {
            // The first request upgrades the connection (h2c); the second travels as HTTP/2 proper.
            HttpResponse<String> response = http2.send(post(ping).header("Authorization", "Bearer "
                    + token("reporting-bot")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).path("result").isObject()).isTrue();
        }
    }

    @Test
    void ping_answersAnEmptyResult() {
        assertThat(result(send("reporting-bot", request("ping", null))).isObject()).isTrue();
    }

    @Test
    void toolsList_describesEachToolWithAnInputSchema() {
        JsonNode tools = result(send("reporting-bot", request("tools/list", null))).path("tools");

        Set<String> names = new HashSet<>();
        tools.forEach(tool -> {
            names.add(tool.path("name").asText());
            assertThat(tool.path("description").asText()).isNotBlank();
            assertThat(tool.path("inputSchema").path("type").asText()).isEqualTo("object");
        });
        assertThat(names).contains("sql_query", "aws_call", "list_targets", "request_status");
    }

    @Test
    void toolsCall_runsASelectAndAnswersItsRows() {
        JsonNode called = result(send("reporting-bot", request("tools/call", params("""
                {"name":"sql_query","arguments":{"target":"demo","sql":"select id, city from customers where id = ?",
                 "params":[2]}}"""))));

        assertThat(called.path("isError").asBoolean()).as(called.toString()).isFalse();
        assertThat(called.path("content").path(0).path("type").asText()).isEqualTo("text");
        assertThat(called.toString()).contains("city");
    }

    @Test
    void anUnknownMethod_isMethodNotFound() {
        JsonNode message = error(send("reporting-bot", request("resources/subscribe_everything", null)), -32601);

        assertThat(message.path("id").isNumber()).as("the error answers the request's id").isTrue();
    }

    @Test
    void anUnknownTool_orBadArguments_areInvalidParams() {
        assertInvalidParams(send("reporting-bot", request("tools/call", params("""
                {"name":"shell_exec","arguments":{"command":"id"}}"""))));
        assertInvalidParams(send("reporting-bot", request("tools/call", params("""
                {"name":"sql_query","arguments":{"target":"demo"}}"""))));
        assertInvalidParams(send("reporting-bot", request("tools/call", params("""
                {"name":"sql_query","arguments":{"target":"demo","sql":42}}"""))));
    }

    @Test
    void malformedJson_isAParseError() {
        HttpResponse<String> response = send("reporting-bot", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":");

        JsonNode message = error(response, -32700);
        assertThat(message.path("id").isNull()).as("no id could be read").isTrue();
        assertThat(response.statusCode()).isBetween(200, 499);
    }

    @Test
    void anOversizedBody_isRefusedAsJsonRpc_andAudited() {
        String sql = "select '" + "x".repeat(2 * 1024 * 1024) + "'";

        HttpResponse<String> response = send("reporting-bot", request("tools/call", params(
                JSON.createObjectNode().put("name", "sql_query").set("arguments",
                        JSON.createObjectNode().put("target", "demo").put("sql", sql)).toString())));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        JsonNode message = message(response);
        assertThat(message.path("jsonrpc").asText()).as(response.body()).isEqualTo("2.0");
        assertThat(message.path("error").path("code").asInt()).as(response.body()).isNegative();
        String requestId = response.headers().firstValue("X-Request-Id").orElse("");
        assertThat(requestId).isNotBlank();
        assertThat(message.path("error").path("data").path("requestId").asText()).isEqualTo(requestId);
        AuditTrail audit = new AuditTrail(gateway.dynamo());
        assertThat(audit.record(requestId, "intent")).as("the refused request's intent record").isNotEmpty();
        assertThat(audit.record(requestId, "outcome").get("problem").s()).isEqualTo("payload-too-large");
    }

    @Test
    void anUnsupportedProtocolVersionHeader_isABadRequest() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(mcp).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "1999-01-01").header("Authorization", "Bearer " + token("reporting-bot"))
                .POST(HttpRequest.BodyPublishers.ofString(request("tools/list", null))).build());

        assertThat(response.statusCode()).isEqualTo(400);
        error(response, -32600);
    }

    @Test
    void get_opensNoStream_onAStatelessServer() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(mcp).timeout(Duration.ofSeconds(10))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token("reporting-bot"))
                .GET().build());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void aNotification_isAcceptedWithNoBody() {
        HttpResponse<String> response = send("reporting-bot", """
                {"jsonrpc":"2.0","method":"notifications/initialized"}""");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void noToken_isChallengedWithTheProtectedResourceMetadata() {
        HttpResponse<String> response = send(post(request("tools/list", null)).build());

        assertThat(response.statusCode()).isEqualTo(401);
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        assertThat(challenge).startsWith("Bearer ").contains("resource_metadata=\"")
                .contains("/.well-known/oauth-protected-resource");
    }

    @Test
    void protectedResourceMetadata_namesTheMcpResource() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                gateway.url().resolve("/.well-known/oauth-protected-resource")).timeout(Duration.ofSeconds(10))
                .GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode metadata = Agents.json(response);
        assertThat(metadata.path("resource").asText()).endsWith("/mcp");
        assertThat(metadata.path("bearer_methods_supported").toString()).contains("header");
    }

    @Test
    void aPageOfAnotherSite_isRefused() {
        HttpResponse<String> response = send(post(request("tools/list", null))
                .header("Authorization", "Bearer " + token("reporting-bot"))
                .header("Origin", "https://evil.example").build());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(message(response).path("error").path("message").asText()).as(response.body())
                .contains("Origin 'https://evil.example'");
        assertThat(response.body()).doesNotContain("sql_query");
    }
}
