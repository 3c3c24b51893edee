package dev.airlock.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.core.model.ProblemKind;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;

/**
 * Checks made on every request before any resource reads it, each refusal audited and answered
 * as problem+json:
 *
 * <ul>
 *   <li>a body larger than {@code quarkus.http.limits.max-body-size} is refused with 413 (Quarkus
 *       itself would answer an empty 413 that leaves no record);</li>
 *   <li>a request with more than one {@code Authorization} header, or one that lists several
 *       credentials, is refused with 400: which one counts must never depend on the reader.</li>
 * </ul>
 */
@ApplicationScoped
public class EdgeGuards {
    /** Quarkus's own body-size check is route order -2; these checks come first. */
    static final int ORDER = -3;
    private static final long QUARKUS_DEFAULT_MAX_BODY = 10_240L * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EdgeRefusals edge;

    void install(@Observes Router router) {
        long maxBody = maxBodyBytes();
        router.route().order(ORDER).handler(ctx -> check(ctx, maxBody));
    }

    private void check(RoutingContext ctx, long maxBody) {
        HttpServerRequest http = ctx.request();
        List<String> authorization = http.headers().getAll(HttpHeaders.AUTHORIZATION);
        // SigV4's one Authorization header holds commas, which Lambda's HTTP adapter splits into several
        // values; the AWS endpoint joins and checks it itself.
        boolean sigV4 = http.path().equals(AwsWireResource.MOUNT) || http.path().startsWith(AwsWireResource.MOUNT + "/");
        if (!sigV4 && (authorization.size() > 1 || (authorization.size() == 1 && authorization.get(0).indexOf(',') >= 0))) {
            // A proxy may join repeated headers with commas; a bearer token never holds one.
            refuse(ctx, ProblemKind.MALFORMED_REQUEST, "Send exactly one Authorization header, with one Bearer "
                    + "token.", null);
            return;
        }
        String length = http.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long bytes;
            try {
                bytes = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                bytes = -1;
            }
            if (bytes > maxBody) {
                refuse(ctx, ProblemKind.PAYLOAD_TOO_LARGE, tooLarge(maxBody), singleAuthorization(http));
                return;
            }
        }
        ctx.next();
    }

    /** Records on a worker thread, then answers; the connection closes after a refused body. */
    private void refuse(RoutingContext ctx, ProblemKind kind, String detail, String authorization) {
        HttpServerRequest http = ctx.request();
        EdgeRefusals.Refusal refusal = EdgeRefusals.Refusal.of(kind, detail, http.method().name(), http.path(),
                authorization, http.remoteAddress() == null ? null : http.remoteAddress().hostAddress());
        ctx.vertx().executeBlocking(() -> edge.record(refusal), false).onComplete(recorded -> {
            String requestId = recorded.succeeded() ? recorded.result() : null;
            Response problem = ApiResponses.problem(dev.airlock.core.model.Problem.of(kind, detail), refusal.path(),
                    requestId);
            boolean mcp = http.path().equals(McpResource.PATH);
            // An MCP client reads JSON-RPC; its error names the same audit record.
            Object entity = mcp ? McpResource.errorBody(null, McpResource.INVALID_REQUEST, detail, requestId)
                    : problem.getEntity();
            String body;
            try {
                body = JSON.writeValueAsString(entity);
            } catch (JsonProcessingException e) {
                body = "{\"status\":" + kind.status() + "}";
            }
            var response = ctx.response().setStatusCode(kind.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, mcp ? "application/json" : ApiResponses.PROBLEM_JSON);
            if (requestId != null) {
                response.putHeader(ApiResponses.REQUEST_ID_HEADER, requestId);
            }
            if (kind == ProblemKind.PAYLOAD_TOO_LARGE && http.version() != HttpVersion.HTTP_2) {
                // The body is not read: an HTTP/1 connection cannot be reused (HTTP/2 has no such header).
                response.putHeader(HttpHeaders.CONNECTION, "close");
            }
            response.end(body);
        });
    }

    /** The one Authorization header of a request, or null when it has none or several. */
    static String singleAuthorization(HttpServerRequest http) {
        List<String> values = http.headers().getAll(HttpHeaders.AUTHORIZATION);
        return values.size() == 1 ? values.get(0) : null;
    }

    static long maxBodyBytes() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(QUARKUS_DEFAULT_MAX_BODY);
    }

    static String tooLarge(long maxBody) {
        return "The request body is larger than " + maxBody + " bytes, the most this gateway reads. SQL requests are "
                + "small: send the statement with its parameters.";
    }
}
