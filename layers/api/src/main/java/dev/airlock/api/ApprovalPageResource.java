package dev.airlock.api;

import dev.airlock.core.approval.ApprovalRefusedException;
import dev.airlock.core.approval.ApprovalService;
import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ApproverDecision;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.Problem;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.identity.ApprovalLinkTokens;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
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
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Locale;

/**
 * {@code /approvals/{id}}: the page an approver opens from the link in the notification. The
 * link's token is the approver's credential: it names the approver, the request and its
 * SHA-256, and the action; opening the page only reads it, a decision uses it up (single use).
 * Pages are never cached and send no referrer, so the token does not travel further.
 */
@Path("/approvals/{id}")
public class ApprovalPageResource {
    private static final Logger LOG = Logger.getLogger(ApprovalPageResource.class);

    @Inject
    Instance<ApprovalService> approvals;

    @Inject
    Instance<ApprovalLinkTokens> links;

    @Inject
    EdgeRefusals refusals;

    /** Where approvals are wired and links can be signed (the function needs a KMS key for that). */
    private boolean handled() {
        return approvals.isResolvable() && links.isResolvable() && links.get() != null;
    }

    @GET
    @Produces({MediaType.TEXT_HTML, ApiResponses.PROBLEM_JSON})
    public Response page(@PathParam("id") String requestId, @QueryParam("token") String token,
                         @HeaderParam(HttpHeaders.ACCEPT) String accept, @Context HttpServerRequest http) {
        Edge edge = new Edge("GET", requestId, accept, http);
        if (!handled()) {
            return edge.message(ProblemKind.NOT_FOUND, "Approvals are not handled by this gateway.");
        }
        ApprovalRecord record;
        ApprovalLinkTokens.VerifiedLink link;
        try {
            record = approvals.get().get(requestId);
            link = links.get().check(token, record.pending(), ApprovalLinkTokens.Action.VIEW);
        } catch (ApprovalRefusedException e) {
            return edge.message(ProblemKind.NOT_FOUND, "No request " + requestId + " is held for approval.");
        } catch (TokenRejectedException e) {
            return edge.message(ProblemKind.UNAUTHENTICATED, "This approval link cannot be used: " + e.getMessage());
        }
        return page(200, record, link.approverId(), link.action(), token, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({MediaType.TEXT_HTML, ApiResponses.PROBLEM_JSON})
    public Response decide(@PathParam("id") String requestId, @FormParam("token") String token,
                           @FormParam("decision") String decision, @FormParam("reason") String reason,
                           @HeaderParam(HttpHeaders.ACCEPT) String accept, @Context HttpServerRequest http) {
        Edge edge = new Edge("POST", requestId, accept, http);
        if (!handled()) {
            return edge.message(ProblemKind.NOT_FOUND, "Approvals are not handled by this gateway.");
        }
        ApprovalLinkTokens.Action action = "approve".equals(decision) ? ApprovalLinkTokens.Action.APPROVE
                : "deny".equals(decision) ? ApprovalLinkTokens.Action.DENY : null;
        if (action == null) {
            return edge.message(ProblemKind.MALFORMED_REQUEST, "Choose approve or deny.");
        }
        ApprovalRecord record;
        try {
            record = approvals.get().get(requestId);
        } catch (ApprovalRefusedException e) {
            return edge.message(ProblemKind.NOT_FOUND, "No request " + requestId + " is held for approval.");
        }
        if (action == ApprovalLinkTokens.Action.DENY && (reason == null || reason.isBlank())) {
            return edge.page(ProblemKind.MALFORMED_REQUEST, "Give a reason to deny.",
                    () -> page(400, record, null, action, token, "Give a reason to deny."));
        }
        String approver;
        try {
            approver = links.get().redeem(token, record.pending(), action).approverId();
        } catch (TokenRejectedException e) {
            String refused = "This approval link cannot be used: " + e.getMessage();
            return edge.page(ProblemKind.UNAUTHENTICATED, refused, () -> page(401, record, null, null, null, refused));
        }
        try {
            ApprovalRecord after = action == ApprovalLinkTokens.Action.APPROVE
                    ? approvals.get().approve(requestId, approver)
                    : approvals.get().deny(requestId, approver, reason);
            LOG.infof("Request %s %s by %s through the approval page", requestId,
                    action == ApprovalLinkTokens.Action.APPROVE ? "approved" : "denied", approver);
            String notice = action == ApprovalLinkTokens.Action.APPROVE
                    ? "Approved by " + approver + ". " + ApprovalService.progress(after)
                    : "Denied by " + approver + ": nothing will run.";
            return page(200, after, approver, null, null, notice);
        } catch (ApprovalRefusedException e) {
            return edge.page(e.kind(), e.getMessage(),
                    () -> page(e.kind().status(), record, approver, null, null, e.getMessage()));
        }
    }

    /**
     * A refused approval-page request: audited (never with the link's token), then answered as a
     * page to a browser and as problem+json to anything else (a script, curl).
     */
    private final class Edge {
        private final String method;
        private final String path;
        private final boolean browser;
        private final String sourceIp;

        Edge(String method, String requestId, String accept, HttpServerRequest http) {
            this.method = method;
            this.path = EdgeRefusals.safePath("/approvals/" + requestId);
            this.browser = accept != null && accept.toLowerCase(Locale.ROOT).contains(MediaType.TEXT_HTML);
            this.sourceIp = http == null || http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        }

        Response message(ProblemKind kind, String text) {
            return page(kind, text, () -> ApprovalPageResource.message(kind.status(), text));
        }

        Response page(ProblemKind kind, String text, java.util.function.Supplier<Response> html) {
            String recordId = refusals.record(EdgeRefusals.Refusal.of(kind, text, method, path, null, sourceIp));
            if (browser) {
                return Response.fromResponse(html.get()).header(ApiResponses.REQUEST_ID_HEADER, recordId).build();
            }
            return ApiResponses.problem(Problem.of(kind, text), path, recordId);
        }
    }

    private Response page(int status, ApprovalRecord record, String approver, ApprovalLinkTokens.Action action,
                          String token, String notice) {
        PendingRequest held = record.pending();
        ApprovalPage.View view = new ApprovalPage.View(held.requestId(), record.state().name(), held.agentId(),
                held.target(), held.kindLabel(), held.risk().name().toLowerCase(Locale.ROOT),
                statement(held), params(held), held.facts().resources(), held.policyIds(), record.approvals().size(),
                held.approvals().stream().mapToInt(ApprovalRequirement::approvals).sum(),
                record.approvals().stream().map(ApproverDecision::approverId).toList(), held.expiresAt(), approver,
                action == ApprovalLinkTokens.Action.VIEW ? null : token,
                action == null ? null : action.claim(), notice);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
                .entity(ApprovalPage.render(view)).build();
    }

    /** The exact operation approvers decide on: what runs if they approve. */
    private static String statement(PendingRequest held) {
        return held.input().get("sql") instanceof String sql ? sql : held.summary().text();
    }

    private static List<String> params(PendingRequest held) {
        return held.input().get("params") instanceof List<?> params
                ? params.stream().map(String::valueOf).toList() : held.summary().values();
    }

    private static Response message(int status, String text) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .entity(ApprovalPage.message(text)).build();
    }
}
