package dev.airlock.api;

import dev.airlock.awsapi.AwsAccount;
import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.catalog.WireProtocol;
import dev.airlock.awsapi.engine.AwsCallJson;
import dev.airlock.awsapi.engine.AwsEngine;
import dev.airlock.awsapi.sigv4.SigV4Result;
import dev.airlock.awsapi.sigv4.SigV4Verifier;
import dev.airlock.awsapi.wire.WireDecoding;
import dev.airlock.awsapi.wire.WireRequest;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.pipeline.ApprovalWait;
import dev.airlock.core.pipeline.ApprovedExecution;
import dev.airlock.core.pipeline.InboundRequest;
import dev.airlock.core.pipeline.PipelineOutcome;
import dev.airlock.core.pipeline.RequestPipeline;
import dev.airlock.core.targets.Target;
import dev.airlock.core.targets.Targets;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /aws}: the endpoint the unmodified AWS CLI and SDKs call when {@code AWS_ENDPOINT_URL}
 * names it. Each request's SigV4 signature is checked with the key derived from its session
 * token (the agent's gateway token); the access key id names the target; the service's codec
 * reads the request into a catalogued call, and that call, never these bytes, goes through the
 * pipeline. Answers and refusals come back in the service's own wire shapes.
 */
@Path(AwsWireResource.MOUNT)
public class AwsWireResource {
    static final String MOUNT = "/aws";

    @Inject
    RequestPipeline pipeline;

    @Inject
    Targets targets;

    @Inject
    AwsEngine engine;

    private final Clock clock = Clock.systemUTC();

    @GET
    @Path("{path:.*}")
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest http) {
        return handle("GET", uri, headers, new byte[0], http);
    }

    @HEAD
    @Path("{path:.*}")
    public Response head(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest http) {
        return handle("HEAD", uri, headers, new byte[0], http);
    }

    @DELETE
    @Path("{path:.*}")
    public Response delete(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest http) {
        return handle("DELETE", uri, headers, new byte[0], http);
    }

    @PUT
    @Path("{path:.*}")
    @Consumes(MediaType.WILDCARD)
    public Response put(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body,
                        @Context HttpServerRequest http) {
        return handle("PUT", uri, headers, body, http);
    }

    @POST
    @Path("{path:.*}")
    @Consumes(MediaType.WILDCARD)
    public Response post(@Context UriInfo uri, @Context HttpHeaders headers, byte[] body,
                         @Context HttpServerRequest http) {
        return handle("POST", uri, headers, body, http);
    }

    private Response handle(String method, UriInfo uri, HttpHeaders headers, byte[] body, HttpServerRequest http) {
        String rawPath = uri.getRequestUri().getRawPath();
        // botocore signs exactly "/aws" for JSON and query services: the path after the mount may be empty.
        String path = rawPath.substring(Math.min(MOUNT.length(), rawPath.length()));
        WireRequest wire = new WireRequest(method, path, uri.getRequestUri().getRawQuery(),
                joined(headers.getRequestHeaders()), body);
        // Until the signature names the service, refusals take the shape most clients read: S3's XML.
        WireProtocol guess = WireProtocol.REST_XML;

        SigV4Result verified = SigV4Verifier.verify(wire, MOUNT, clock.instant());
        if (verified instanceof SigV4Result.Refused refused) {
            return AwsWireResponses.error(guess, 403, refused.code(), "Airlock: " + refused.reason(), null);
        }
        SigV4Result.Verified ok = (SigV4Result.Verified) verified;
        String targetName = ok.scope().accessKeyId();
        Optional<CatalogService> service = engine.catalog().bySigningName(ok.scope().service());
        WireProtocol protocol = service.map(CatalogService::protocol).orElse(guess);
        Optional<AwsAccount> account = targets.find(targetName).map(Target::executor)
                .filter(AwsAccount.class::isInstance).map(AwsAccount.class::cast);
        if (account.isEmpty()) {
            return AwsWireResponses.error(protocol, 403, "InvalidClientTokenId", "Airlock: no AWS target is named '"
                    + safe(targetName) + "'; the access key id names the target (airlock credentials --target).", null);
        }
        if (service.isEmpty()) {
            return AwsWireResponses.error(protocol, 400, "InvalidAction", "Airlock does not proxy the service '"
                    + safe(ok.scope().service()) + "'; docs/aws.md lists the catalog and how to add to it.", null);
        }
        if (!ok.scope().region().equals(account.get().region())) {
            return AwsWireResponses.error(protocol, 400, "AuthorizationHeaderMalformed", "Airlock: the request is "
                    + "signed for region '" + safe(ok.scope().region()) + "', but target '" + targetName + "' is in "
                    + account.get().region() + ": set AWS_REGION=" + account.get().region() + ".", null);
        }
        WireDecoding decoding = engine.codecs().decode(wire, service.get(), targetName);
        if (decoding instanceof WireDecoding.Refused refused) {
            int status = refused.code().equals("AccessDenied") ? 403 : 400;
            return AwsWireResponses.error(protocol, status, refused.code(), "Airlock: " + refused.reason(), null);
        }
        WireDecoding.Decoded decoded = (WireDecoding.Decoded) decoding;
        String authorization = "Bearer " + ok.sessionToken();
        String sourceIp = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        boolean head = method.equals("HEAD");

        Optional<String> approved = approvedEarlier(authorization, decoded);
        PipelineOutcome outcome = approved.isPresent()
                ? pipeline.executeApproved(new ApprovedExecution(approved.get(), Optional.of(authorization),
                Optional.ofNullable(sourceIp), ApprovalWait.NONE))
                : pipeline.handle(InboundRequest.of(AwsEngine.PROTOCOL, authorization,
                AwsCallJson.write(decoded.call()), sourceIp));
        return AwsWireResponses.of(outcome, protocol, head, approversOf(outcome));
    }

    /**
     * An SDK cannot collect a held request by id, so the identical call from the same agent, once
     * approved, runs that approved request (once: the approval is claimed when it runs).
     */
    private Optional<String> approvedEarlier(String authorization, WireDecoding.Decoded decoded) {
        Optional<AgentIdentity> agent = pipeline.authenticate(Optional.of(authorization));
        if (agent.isEmpty() || pipeline.approvals().isEmpty()) {
            return Optional.empty();
        }
        var held = AwsEngine.held(decoded.call());
        return pipeline.approvals().get().list(ApprovalState.APPROVED).stream()
                .filter(record -> record.pending().agentId().equals(agent.get().agentId()))
                .filter(record -> record.pending().operation().equals(held))
                .map(ApprovalRecord::requestId)
                .findFirst();
    }

    private List<ApprovalRequirement> approversOf(PipelineOutcome outcome) {
        if (!(outcome instanceof PipelineOutcome.PendingApproval pending) || pipeline.approvals().isEmpty()) {
            return List.of();
        }
        try {
            return pipeline.approvals().get().get(pending.requestId()).pending().approvals();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Each header as one value, its repeats joined by commas as HTTP defines: Lambda's adapter splits
     * values at commas (SigV4's Authorization among them), and a repeated header reads the same way
     * locally, where the verifier then refuses an Authorization that holds two.
     */
    private static Map<String, List<String>> joined(Map<String, List<String>> headers) {
        Map<String, List<String>> joined = new LinkedHashMap<>();
        headers.forEach((name, values) -> joined.merge(name.toLowerCase(Locale.ROOT), List.of(String.join(",", values)),
                (a, b) -> List.of(a.get(0) + "," + b.get(0))));
        return joined;
    }

    /** A name from the request, echoed only when it is plainly a name. */
    private static String safe(String value) {
        return value != null && value.matches("[A-Za-z0-9._-]{1,64}") ? value : "…";
    }
}
