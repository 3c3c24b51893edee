package dev.airlock.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /.well-known/oauth-protected-resource} (RFC 9728): what an MCP client reads after a
 * 401 to learn which token {@code /mcp} wants. The gateway issues its own tokens, at
 * {@code /v1/token}, in exchange for a workload's OIDC or AWS identity (docs/identity.md).
 */
@Path(ProtectedResourceResource.PATH)
public class ProtectedResourceResource {
    static final String PATH = "/.well-known/oauth-protected-resource";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> metadata(@Context HttpServerRequest http) {
        return body(http);
    }

    /** The same document under the resource's own path, where RFC 9728 section 3.1 has clients look first. */
    @GET
    @Path("mcp")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> forMcp(@Context HttpServerRequest http) {
        return body(http);
    }

    private static Map<String, Object> body(HttpServerRequest http) {
        String base = McpGuards.baseUrl(http);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resource", base + McpResource.PATH);
        body.put("authorization_servers", List.of(base));
        body.put("bearer_methods_supported", List.of("header"));
        body.put("resource_name", "Airlock gateway");
        body.put("resource_documentation", "https://airlock.dev/docs/mcp");
        body.put("airlock_token_endpoint", base + "/v1/token");
        return body;
    }
}
