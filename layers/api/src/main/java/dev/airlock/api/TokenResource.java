package dev.airlock.api;

import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.identity.GatewayTokenIssuer;
import dev.airlock.identity.TokenExchange;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
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
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/token}: OAuth 2.0 Token Exchange (RFC 8693). An agent trades a bootstrap
 * identity (an OIDC token from a trusted issuer, a signed sts:GetCallerIdentity request for an
 * AWS IAM identity, or a local bootstrap token) for a short-lived
 * gateway token. Refusals are problem+json like every other error: 400 when the request is not
 * a token exchange, 401 when the subject token fails a check; neither echoes the token. Each
 * refusal leaves audit records (never with the token in them).
 */
@Path("/v1/token")
public class TokenResource {
    private static final Logger LOG = Logger.getLogger(TokenResource.class);
    static final String PATH = "/v1/token";

    @Inject
    Instance<TokenExchange> exchange;

    @Inject
    EdgeRefusals edge;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, ApiResponses.PROBLEM_JSON})
    public Response exchange(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body,
                             @Context HttpServerRequest http) {
        String sourceIp = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        // The function has no exchange unless it is configured with a signing key (its producer gives null).
        TokenExchange tokens = exchange.isResolvable() ? exchange.get() : null;
        if (tokens == null) {
            return edge.refuse(EdgeRefusals.Refusal.of(ProblemKind.NOT_FOUND, "This deployment does not exchange "
                    + "tokens: its gateway tokens are issued by the operator.", "POST", PATH, null, sourceIp));
        }
        GatewayTokenIssuer.IssuedToken issued;
        String subjectType = null;
        try {
            Map<String, String> form = FormDecoder.decode(contentType, body);
            subjectType = knownShape(form.get("subject_token_type"));
            issued = tokens.exchange(form);
        } catch (IllegalArgumentException malformed) {
            return edge.refuse(EdgeRefusals.Refusal.of(ProblemKind.MALFORMED_REQUEST, malformed.getMessage(), "POST",
                    PATH, null, sourceIp));
        } catch (TokenRejectedException refused) {
            // The reason never quotes the subject token, so it is safe to log and to record.
            LOG.infof("Token exchange refused (%s): %s", subjectType, refused.getMessage());
            return edge.refuse(EdgeRefusals.Refusal.of(ProblemKind.UNAUTHENTICATED, refused.getMessage(), "POST",
                    PATH, null, sourceIp));
        }
        LOG.infof("Gateway token %s issued to agent %s for a %s, expires %s", issued.tokenId(), issued.agentId(),
                subjectType, issued.expiresAt());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", issued.token());
        answer.put("issued_token_type", TokenExchange.TYPE_ACCESS_TOKEN);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", Math.max(0, Duration.between(Instant.now(), issued.expiresAt()).toSeconds()));
        // RFC 6749 section 5.1: responses carrying tokens are not to be cached.
        return Response.ok(answer, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store")
                .header("Pragma", "no-cache").build();
    }

    /** A token type URN as the agent sent it, or null: a value of any other shape (a token sent by mistake) is dropped. */
    private static String knownShape(String subjectType) {
        return subjectType != null && subjectType.length() <= 80 && subjectType.matches("urn:[A-Za-z0-9:_-]+")
                ? subjectType : null;
    }
}
