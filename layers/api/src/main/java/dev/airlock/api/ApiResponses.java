package dev.airlock.api;

import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.Problem;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.pipeline.PipelineOutcome;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns pipeline outcomes into HTTP responses; every error is RFC 9457 problem+json. */
public final class ApiResponses {
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** Retry-After for a busy target that did not say how long to wait. */
    static final long DEFAULT_RETRY_AFTER_SECONDS = 2;

    private ApiResponses() {
    }

    static Response of(PipelineOutcome outcome, String instance) {
        return switch (outcome) {
            case PipelineOutcome.Completed completed -> completed(completed);
            case PipelineOutcome.PendingApproval pending -> pending(pending);
            case PipelineOutcome.Refused refused -> problem(refused.problem(), instance, refused.requestId());
        };
    }

    private static Response completed(PipelineOutcome.Completed completed) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", completed.requestId());
        body.putAll(completed.response().body());
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE)
                .header(REQUEST_ID_HEADER, completed.requestId()).build();
    }

    private static Response pending(PipelineOutcome.PendingApproval pending) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", pending.requestId());
        body.put("status", "PENDING_APPROVAL");
        body.put("expiresAt", pending.expiresAt().toString());
        body.put("policies", pending.policyIds());
        return Response.status(Response.Status.ACCEPTED).entity(body).type(MediaType.APPLICATION_JSON_TYPE)
                .header(REQUEST_ID_HEADER, pending.requestId()).build();
    }

    /** A problem from the pipeline, with the request id and, for denials, the policy decision. */
    public static Response problem(Problem problem, String instance, String requestId) {
        Map<String, Object> body = problemBody(problem.kind(), problem.detail(), instance);
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        problem.decision().ifPresent(d -> body.put("decision", decision(d)));
        Response.ResponseBuilder response = Response.status(problem.kind().status()).entity(body).type(PROBLEM_JSON);
        if (requestId != null) {
            response.header(REQUEST_ID_HEADER, requestId);
        }
        if (problem.kind() == ProblemKind.TARGET_BUSY) {
            // RFC 9110 section 10.2.3: when to try again, in whole seconds.
            response.header("Retry-After", Long.toString(retryAfterSeconds(problem)));
        }
        if (problem.kind() == ProblemKind.UNAUTHENTICATED) {
            // One auth-param: Lambda proxies split header values at commas.
            response.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        return response.build();
    }

    /** How long a busy target asks the agent to wait, at least a second. */
    static long retryAfterSeconds(Problem problem) {
        return problem.retryAfter().filter(wait -> !wait.isNegative())
                .map(wait -> Math.max(1, wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0)))
                .orElse(DEFAULT_RETRY_AFTER_SECONDS);
    }

    /** A problem raised outside the pipeline (unknown path, wrong method). */
    public static Response problem(ProblemKind kind, String detail, String instance) {
        return problem(Problem.of(kind, detail), instance, null);
    }

    private static Map<String, Object> problemBody(ProblemKind kind, String detail, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", kind.type());
        body.put("title", kind.title());
        body.put("status", kind.status());
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        return body;
    }

    private static Map<String, Object> decision(PolicyDecision decision) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("effect", decision.effect().name());
        body.put("policies", decision.policyIds());
        body.put("reason", decision.reason());
        return body;
    }
}
