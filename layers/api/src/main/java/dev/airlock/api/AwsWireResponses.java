package dev.airlock.api;

import dev.airlock.awsapi.catalog.WireProtocol;
import dev.airlock.awsapi.engine.AwsErrorAnswer;
import dev.airlock.awsapi.engine.AwsErrorShapes;
import dev.airlock.awsapi.engine.AwsMaskedAnswer;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.Problem;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.pipeline.PipelineOutcome;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Pipeline outcomes as an AWS SDK expects them: a masked answer in the service's wire form, and
 * every refusal in the service's own error shape with a message that starts {@code Airlock:}, so
 * the CLI prints {@code An error occurred (AccessDenied) when calling the DeleteObject operation:
 * Airlock: ...}.
 */
final class AwsWireResponses {
    static final String AIRLOCK_REQUEST_ID = "x-airlock-request-id";

    private AwsWireResponses() {
    }

    static Response of(PipelineOutcome outcome, WireProtocol protocol, boolean head,
                       List<ApprovalRequirement> approvers) {
        return switch (outcome) {
            case PipelineOutcome.Completed completed -> answer((AwsMaskedAnswer) completed.response(),
                    completed.requestId(), head);
            case PipelineOutcome.PendingApproval pending -> error(protocol, 403, "AccessDenied",
                    "Airlock: this call needs approval and is held as request " + pending.requestId()
                            + approversText(approvers) + " until " + pending.expiresAt()
                            + ". Nothing ran. Once it is approved, make the identical call again to run it once"
                            + " (airlock approvals show " + pending.requestId() + ").", pending.requestId());
            case PipelineOutcome.Refused refused -> refused(protocol, refused.problem(), refused.requestId());
        };
    }

    private static String approversText(List<ApprovalRequirement> approvers) {
        if (approvers.isEmpty()) {
            return "";
        }
        return " for " + approvers.stream().map(r -> r.approvals() + " approval" + (r.approvals() == 1 ? "" : "s")
                + " from " + r.group()).collect(Collectors.joining(" and "));
    }

    static Response refused(WireProtocol protocol, Problem problem, String requestId) {
        ProblemKind kind = problem.kind();
        String code = switch (kind) {
            case UNAUTHENTICATED -> "ExpiredToken";
            case POLICY_DENIED, APPROVAL_PENDING, APPROVAL_EXPIRED, ALREADY_EXECUTED, NOT_APPROVED,
                 APPROVER_NOT_ALLOWED -> "AccessDenied";
            case MALFORMED_REQUEST, UNSUPPORTED_MEDIA_TYPE, METHOD_NOT_ALLOWED -> malformedCode(protocol);
            case UNKNOWN_TARGET -> "InvalidClientTokenId";
            case PAYLOAD_TOO_LARGE -> protocol == WireProtocol.REST_XML ? "EntityTooLarge" : "RequestEntityTooLarge";
            case TARGET_BUSY -> "SlowDown";
            case TARGET_UNAVAILABLE, AUDIT_UNAVAILABLE -> "ServiceUnavailable";
            case STATEMENT_FAILED, NOT_FOUND -> malformedCode(protocol);
            case INTERNAL -> "InternalError";
        };
        int status = switch (kind) {
            case UNAUTHENTICATED, POLICY_DENIED, APPROVAL_PENDING, APPROVAL_EXPIRED, ALREADY_EXECUTED, NOT_APPROVED,
                 APPROVER_NOT_ALLOWED, UNKNOWN_TARGET -> 403;
            case TARGET_BUSY, TARGET_UNAVAILABLE, AUDIT_UNAVAILABLE -> 503;
            case INTERNAL -> 500;
            default -> 400;
        };
        return error(protocol, status, code, "Airlock: " + problem.detail() + " (request " + requestId + ")",
                requestId);
    }

    static String malformedCode(WireProtocol protocol) {
        return switch (protocol) {
            case REST_XML -> "InvalidRequest";
            case QUERY, EC2 -> "InvalidParameterValue";
            default -> "ValidationException";
        };
    }

    static Response error(WireProtocol protocol, int status, String code, String message, String requestId) {
        AwsErrorAnswer error = AwsErrorShapes.error(protocol, status, code, message, requestId);
        Response.ResponseBuilder response = Response.status(status).type(error.contentType()).entity(error.body());
        error.headers().forEach(response::header);
        if (requestId != null && !requestId.isEmpty()) {
            response.header(AIRLOCK_REQUEST_ID, requestId);
        }
        return response.build();
    }

    private static Response answer(AwsMaskedAnswer answer, String requestId, boolean head) {
        Response.ResponseBuilder response = Response.status(answer.status());
        answer.headers().forEach(response::header);
        response.header(AIRLOCK_REQUEST_ID, requestId);
        if (!head) {
            response.entity(answer.wireBody());
        }
        return response.build();
    }
}
