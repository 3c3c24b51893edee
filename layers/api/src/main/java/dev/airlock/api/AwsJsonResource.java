package dev.airlock.api;

import dev.airlock.awsapi.engine.AwsEngine;
import dev.airlock.awsapi.engine.AwsMaskedAnswer;
import dev.airlock.core.pipeline.InboundRequest;
import dev.airlock.core.pipeline.PipelineOutcome;
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

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/aws}: one AWS call for agents without an SDK,
 * {@code {"target","service","operation","input"}} with the input shaped as for
 * {@code aws ... --cli-input-json}. Same decision, session and masking as the SDKs' path; the
 * answer is JSON, and an error AWS answered is a problem that carries AWS's code.
 */
@Path("/v1/aws")
public class AwsJsonResource {
    static final String PATH = "/v1/aws";
    static final String AWS_ERROR_TYPE = "https://airlock.dev/problems/aws-error";

    @Inject
    RequestPipeline pipeline;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, ApiResponses.PROBLEM_JSON})
    public Response call(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body,
                         @Context HttpServerRequest http) {
        String sourceIp = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        PipelineOutcome outcome = pipeline.handle(InboundRequest.of(AwsEngine.PROTOCOL, authorization, body, sourceIp));
        if (outcome instanceof PipelineOutcome.Completed completed
                && completed.response() instanceof AwsMaskedAnswer answer && answer.isError()) {
            return awsError(completed.requestId(), answer);
        }
        return ApiResponses.of(outcome, PATH);
    }

    /** AWS refused the call: its (masked) code and message, in a problem, with AWS's own status. */
    private static Response awsError(String requestId, AwsMaskedAnswer answer) {
        Map<String, Object> output = answer.body();
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", AWS_ERROR_TYPE);
        problem.put("title", "AWS refused the call");
        int status = answer.status() >= 500 ? 502 : answer.status();
        problem.put("status", status);
        problem.put("detail", "AWS answered HTTP " + answer.status() + "; the output holds its error, masked.");
        problem.put("instance", PATH);
        problem.put("requestId", requestId);
        answer.awsRequestId().ifPresent(id -> problem.put("awsRequestId", id));
        problem.put("output", output.get("output"));
        return Response.status(status).entity(problem).type(ApiResponses.PROBLEM_JSON)
                .header(ApiResponses.REQUEST_ID_HEADER, requestId).build();
    }
}
