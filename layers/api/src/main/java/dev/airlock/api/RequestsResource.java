package dev.airlock.api;

import dev.airlock.core.approval.ApprovalRefusedException;
import dev.airlock.core.approval.ApprovalService;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.pipeline.PipelineOutcome;
import dev.airlock.core.pipeline.ApprovalWait;
import dev.airlock.core.pipeline.ApprovedExecution;
import dev.airlock.core.pipeline.RequestPipeline;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Requests held for approval, for the agent that asked (and, for the status, its approvers):
 *
 * <ul>
 *   <li>{@code GET /v1/requests/{id}}: state, approvals so far, expiry;</li>
 *   <li>{@code POST /v1/requests/{id}/execute[?wait=30]}: runs the stored request once it is
 *       approved, exactly once; with {@code wait} it waits up to that many seconds (0 to 60; any
 *       other value is refused with 400) while the request is pending. Any body is ignored: only the
 *       stored request runs.</li>
 * </ul>
 */
@Path("/v1/requests/{id}")
public class RequestsResource {
    static final String PATH = "/v1/requests/";

    @Inject
    RequestPipeline pipeline;

    @Inject
    ApprovalService approvals;

    @Inject
    EdgeRefusals edge;

    @POST
    @Path("execute")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, ApiResponses.PROBLEM_JSON})
    public Response execute(@PathParam("id") String id, @QueryParam("wait") String wait,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @Context HttpServerRequest http) {
        String instance = PATH + id + "/execute";
        String sourceIp = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        Optional<ApprovalWait> waitFor = ApprovalWait.parse(wait);
        if (waitFor.isEmpty()) {
            return edge.refuse(EdgeRefusals.Refusal.of(ProblemKind.MALFORMED_REQUEST, "Query parameter "
                    + ApprovalWait.RULE, "POST", instance, authorization, sourceIp));
        }
        PipelineOutcome outcome = pipeline.executeApproved(new ApprovedExecution(id,
                Optional.ofNullable(authorization), Optional.ofNullable(sourceIp), waitFor.get()));
        return ApiResponses.of(outcome, instance);
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, ApiResponses.PROBLEM_JSON})
    public Response status(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @Context HttpServerRequest http) {
        String instance = PATH + id;
        String sourceIp = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        Optional<AgentIdentity> caller = pipeline.authenticate(Optional.ofNullable(authorization));
        if (caller.isEmpty()) {
            return edge.refuse(EdgeRefusals.Refusal.of(ProblemKind.UNAUTHENTICATED, "Send a valid gateway token as "
                    + "'Authorization: Bearer <token>' (locally: ./airlock token --agent <agent-id>).", "GET", instance,
                    null, sourceIp));
        }
        try {
            ApprovalRecord record = approvals.get(id);
            if (!approvals.visibleTo(record, caller.get().agentId())) {
                throw new ApprovalRefusedException(ProblemKind.NOT_FOUND, "No request " + id
                        + " is held for approval for '" + caller.get().agentId() + "'.");
            }
            return Response.ok(body(record), MediaType.APPLICATION_JSON_TYPE)
                    .header(ApiResponses.REQUEST_ID_HEADER, id).build();
        } catch (ApprovalRefusedException e) {
            return edge.refuse(EdgeRefusals.Refusal.of(e.kind(), e.getMessage(), "GET", instance, authorization,
                    sourceIp));
        }
    }

    /** What the requester and its approvers may see of a held request. */
    static Map<String, Object> body(ApprovalRecord r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", r.requestId());
        body.put("state", r.state().name());
        body.put("agentId", r.pending().agentId());
        body.put("target", r.pending().target());
        body.put("protocol", r.pending().operation().protocol());
        body.putAll(r.pending().input());
        body.put("requestSha256", r.pending().requestSha256());
        body.put("kind", r.pending().action());
        body.put("resources", r.pending().facts().resources());
        body.put("risk", r.pending().risk().name().toLowerCase(java.util.Locale.ROOT));
        body.put("policies", r.pending().policyIds());
        body.put("requires", r.pending().approvals().stream().map(RequestsResource::requirement).toList());
        body.put("approvals", r.approvals().stream().map(a -> Map.of("approverId", a.approverId(),
                "groups", a.groups(), "at", a.at().toString())).toList());
        body.put("progress", ApprovalService.progress(r));
        body.put("createdAt", r.pending().createdAt().toString());
        body.put("expiresAt", r.pending().expiresAt().toString());
        r.usableUntil().ifPresent(u -> body.put("usableUntil", u.toString()));
        r.deniedBy().ifPresent(d -> body.put("deniedBy", d));
        r.reason().ifPresent(d -> body.put("reason", d));
        return body;
    }

    private static Map<String, Object> requirement(ApprovalRequirement r) {
        return Map.of("group", r.group(), "approvals", r.approvals(), "maxWaitSeconds", r.maxWait().toSeconds(),
                "validForSeconds", r.validFor().toSeconds());
    }

}
