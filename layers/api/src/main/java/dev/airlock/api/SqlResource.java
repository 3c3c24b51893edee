package dev.airlock.api;

import dev.airlock.core.pipeline.PipelineOutcome;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.pipeline.InboundRequest;
import dev.airlock.core.pipeline.RequestPipeline;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /v1/sql}: run one SQL statement on a target, as the agent named by the token,
 * through the whole pipeline. The body is read as JSON whatever its content type, so that a
 * bare {@code curl -d} works and a malformed body is reported, and audited, like any refusal.
 */
@Path("/v1/sql")
public class SqlResource {
    static final String PATH = "/v1/sql";

    @Inject
    RequestPipeline pipeline;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, ApiResponses.PROBLEM_JSON})
    public Response run(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body,
                        @Context HttpServerRequest http) {
        String sourceIp = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        PipelineOutcome outcome = pipeline.handle(InboundRequest.of(SqlRequest.PROTOCOL, authorization, body, sourceIp));
        return ApiResponses.of(outcome, PATH);
    }
}
