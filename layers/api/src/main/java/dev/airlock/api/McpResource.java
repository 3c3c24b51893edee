package dev.airlock.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.pipeline.RequestPipeline;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /mcp}: the Model Context Protocol over Streamable HTTP, stateless (no session between
 * calls, so it runs the same behind API Gateway and Lambda), each answer one JSON body. The
 * gateway token is the bearer token; each tool runs through the same pipeline as the REST API.
 */
@Path(McpResource.PATH)
public class McpResource {
    static final String PATH = "/mcp";
    static final String LATEST_VERSION = "2025-11-25";
    static final Set<String> VERSIONS = Set.of(LATEST_VERSION, "2025-06-18", "2025-03-26");
    static final String PROTOCOL_VERSION_HEADER = "MCP-Protocol-Version";
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    /** Server-defined: the request carried no valid gateway token. */
    static final int UNAUTHORIZED = -32001;
    /** Server-defined: a guard (origin, host, protocol version) refused the request. */
    static final int FORBIDDEN = -32003;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RequestPipeline pipeline;

    @Inject
    EdgeRefusals edge;

    @Inject
    McpTools tools;

    @Inject
    McpSettings settings;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response post(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body,
                         @Context HttpServerRequest http) {
        String sourceIp = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        Optional<String> refusedBy = McpGuards.refusal(http, settings);
        if (refusedBy.isPresent()) {
            String requestId = edge.record(EdgeRefusals.Refusal.of(ProblemKind.MALFORMED_REQUEST, refusedBy.get(), "POST", PATH,
                    authorization, sourceIp));
            return error(403, null, FORBIDDEN, refusedBy.get(), requestId);
        }
        Optional<AgentIdentity> agent = authenticate(authorization);
        if (agent.isEmpty()) {
            String detail = "Send a valid gateway token as 'Authorization: Bearer <token>' (locally: ./airlock token "
                    + "--agent <agent-id>; see " + McpGuards.baseUrl(http) + ProtectedResourceResource.PATH + ").";
            String requestId = edge.record(EdgeRefusals.Refusal.of(ProblemKind.UNAUTHENTICATED, detail, "POST", PATH,
                    null, sourceIp));
            return Response.fromResponse(error(401, null, UNAUTHORIZED, detail, requestId))
                    .header("WWW-Authenticate", "Bearer resource_metadata=\"" + McpGuards.baseUrl(http)
                            + ProtectedResourceResource.PATH + "\"")
                    .build();
        }
        String version = http.getHeader(PROTOCOL_VERSION_HEADER);
        if (version != null && !VERSIONS.contains(version.strip())) {
            String detail = "MCP-Protocol-Version " + version.strip() + " is not supported; use " + LATEST_VERSION + ".";
            return refused(400, null, INVALID_REQUEST, detail, ProblemKind.MALFORMED_REQUEST, authorization, sourceIp);
        }
        JsonNode message;
        try {
            message = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            message = null;
        }
        if (message == null || message.isMissingNode()) {
            return refused(400, null, PARSE_ERROR, "The body is not JSON: send one JSON-RPC 2.0 message.",
                    ProblemKind.MALFORMED_REQUEST, authorization, sourceIp);
        }
        if (message.isArray()) {
            return refused(400, null, INVALID_REQUEST, "JSON-RPC batches are not accepted (MCP " + LATEST_VERSION
                    + " removed them): send one message per request.", ProblemKind.MALFORMED_REQUEST, authorization,
                    sourceIp);
        }
        JsonNode id = message.get("id");
        boolean validId = id != null && (id.isTextual() || id.isIntegralNumber());
        if (!message.isObject() || !"2.0".equals(message.path("jsonrpc").asText(null))) {
            return refused(400, validId ? id : null, INVALID_REQUEST, "Send a JSON-RPC 2.0 object with \"jsonrpc\": "
                    + "\"2.0\".", ProblemKind.MALFORMED_REQUEST, authorization, sourceIp);
        }
        JsonNode method = message.get("method");
        if (method == null) {
            // A response or an error from the client to a request this server never sends: nothing to answer.
            return Response.accepted().build();
        }
        if (!method.isTextual()) {
            return refused(400, validId ? id : null, INVALID_REQUEST, "\"method\" must be a string.",
                    ProblemKind.MALFORMED_REQUEST, authorization, sourceIp);
        }
        if (id == null) {
            // A notification (notifications/initialized, cancelled, ...): acknowledged, never answered.
            return Response.accepted().build();
        }
        if (!validId) {
            return refused(400, null, INVALID_REQUEST, "\"id\" must be a string or an integer.",
                    ProblemKind.MALFORMED_REQUEST, authorization, sourceIp);
        }
        JsonNode params = message.path("params");
        if (!params.isMissingNode() && !params.isObject()) {
            return refused(200, id, INVALID_PARAMS, "\"params\" must be an object.", ProblemKind.MALFORMED_REQUEST,
                    authorization, sourceIp);
        }
        return switch (method.asText()) {
            case "initialize" -> result(id, initialize(params));
            case "ping" -> result(id, Map.of());
            case "tools/list" -> result(id, Map.of("tools", tools.list(agent.get())));
            case "tools/call" -> call(id, params, agent.get(), authorization, sourceIp);
            default -> error(200, id, METHOD_NOT_FOUND, "Method " + method.asText() + " is not supported here; "
                    + "this server offers initialize, ping, tools/list and tools/call.", null);
        };
    }

    @GET
    public Response get() {
        return notAllowed();
    }

    @DELETE
    public Response delete() {
        return notAllowed();
    }

    /** Stateless: no server-sent stream to open and no session to end. */
    private static Response notAllowed() {
        return Response.status(405).header("Allow", "POST").build();
    }

    private Response call(JsonNode id, JsonNode params, AgentIdentity agent, String authorization, String sourceIp) {
        JsonNode name = params.path("name");
        JsonNode arguments = params.path("arguments");
        if (!name.isTextual()) {
            return error(200, id, INVALID_PARAMS, "tools/call needs \"name\", the tool to call.", null);
        }
        if (!arguments.isMissingNode() && !arguments.isNull() && !arguments.isObject()) {
            return error(200, id, INVALID_PARAMS, "\"arguments\" must be an object.", null);
        }
        ObjectNode args = arguments.isObject() ? (ObjectNode) arguments : JSON.createObjectNode();
        McpTools.Call call = tools.call(name.asText(), args, agent, authorization, sourceIp);
        return switch (call) {
            case McpTools.Call.Answered answered -> result(id, answered.result());
            case McpTools.Call.BadArguments bad -> {
                String requestId = edge.record(EdgeRefusals.Refusal.of(ProblemKind.MALFORMED_REQUEST,
                        "tools/call " + McpTools.printable(name.asText()) + ": " + bad.detail(), "POST", PATH,
                        authorization, sourceIp));
                yield error(200, id, INVALID_PARAMS, bad.detail(), requestId);
            }
        };
    }

    private static Map<String, Object> initialize(JsonNode params) {
        String asked = params.path("protocolVersion").asText("");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("protocolVersion", VERSIONS.contains(asked) ? asked : LATEST_VERSION);
        result.put("capabilities", Map.of("tools", Map.of("listChanged", false)));
        result.put("serverInfo", Map.of("name", "airlock", "title", "Airlock gateway", "version", "0.1.0"));
        result.put("instructions", "Airlock runs SQL and AWS calls on targets for you under policy. Results come "
                + "back masked. A request may be held for a human's approval: then call collect_approved with its "
                + "requestId once it is approved. A refusal explains why; do not retry it unchanged.");
        return result;
    }

    private Optional<AgentIdentity> authenticate(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        try {
            return pipeline.authenticate(Optional.of(authorization));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A refusal of the message itself, audited like any edge refusal. */
    private Response refused(int status, JsonNode id, int code, String detail, ProblemKind kind, String authorization,
                             String sourceIp) {
        String requestId = edge.record(EdgeRefusals.Refusal.of(kind, detail, "POST", PATH, authorization, sourceIp));
        return error(status, id, code, detail, requestId);
    }

    private static Response result(JsonNode id, Object result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", "2.0");
        body.put("id", id);
        body.put("result", result);
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    static Response error(int status, JsonNode id, int code, String message, String requestId) {
        Response.ResponseBuilder response = Response.status(status).entity(errorBody(id, code, message, requestId))
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (requestId != null) {
            response.header(ApiResponses.REQUEST_ID_HEADER, requestId);
        }
        return response.build();
    }

    static Map<String, Object> errorBody(Object id, int code, String message, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (requestId != null) {
            error.put("data", Map.of("requestId", requestId));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", "2.0");
        body.put("id", id);
        body.put("error", error);
        return body;
    }

    static List<String> versions() {
        return List.copyOf(VERSIONS);
    }
}
