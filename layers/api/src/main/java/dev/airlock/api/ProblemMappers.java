package dev.airlock.api;

import dev.airlock.core.model.ProblemKind;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;

import java.io.IOException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Errors raised before a request reaches a resource still answer as problem+json, never as HTML
 * or an empty body, and each leaves its audit records (recorded on a worker thread: these
 * mappers may run on the event loop).
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    EdgeRefusals edge;

    @ServerExceptionMapper
    public Uni<Response> notFound(NotFoundException e, HttpServerRequest http) {
        String path = EdgeRefusals.safePath(http.path());
        return refuse(http, ProblemKind.NOT_FOUND, "There is nothing at " + path
                + ". Agents send SQL to POST /v1/sql.");
    }

    @ServerExceptionMapper
    public Uni<Response> notAllowed(NotAllowedException e, HttpServerRequest http) {
        String path = EdgeRefusals.safePath(http.path());
        return refuse(http, ProblemKind.METHOD_NOT_ALLOWED, http.method().name() + " is not allowed on " + path
                + ". Agents send SQL with POST /v1/sql.");
    }

    /**
     * A body that could not be read: Quarkus has already answered a chunked body over the size
     * limit with an empty 413 by then (it cannot be told apart before it is read), so this only
     * records it; any other read failure is a malformed request.
     */
    @ServerExceptionMapper
    public Uni<Response> unreadable(IOException e, HttpServerRequest http) {
        boolean tooLarge = http.response().getStatusCode() == 413;
        return refuse(http, tooLarge ? ProblemKind.PAYLOAD_TOO_LARGE : ProblemKind.MALFORMED_REQUEST,
                tooLarge ? EdgeGuards.tooLarge(EdgeGuards.maxBodyBytes()) : "The request body could not be read.");
    }

    @ServerExceptionMapper
    public Uni<Response> notSupported(NotSupportedException e, HttpServerRequest http) {
        String path = EdgeRefusals.safePath(http.path());
        return refuse(http, ProblemKind.UNSUPPORTED_MEDIA_TYPE, path.startsWith("/approvals/")
                ? "Send the decision as a form (application/x-www-form-urlencoded), as the approval page does."
                : "Send the body as application/json.");
    }

    @ServerExceptionMapper
    public Uni<Response> webApplication(WebApplicationException e, HttpServerRequest http) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return refuse(http, ProblemKind.PAYLOAD_TOO_LARGE, EdgeGuards.tooLarge(EdgeGuards.maxBodyBytes()));
        }
        if (status == 400) {
            return refuse(http, ProblemKind.MALFORMED_REQUEST, "The request could not be read.");
        }
        return unexpected(e, http);
    }

    @ServerExceptionMapper
    public Uni<Response> unexpected(Throwable e, HttpServerRequest http) {
        // Fail closed, and keep internals (and anything secret in them) out of the response.
        LOG.errorf(e, "unexpected error on %s", EdgeRefusals.safePath(http.path()));
        return refuse(http, ProblemKind.INTERNAL, "Airlock hit an unexpected error. Nothing further ran.");
    }

    private Uni<Response> refuse(HttpServerRequest http, ProblemKind kind, String detail) {
        EdgeRefusals.Refusal refusal = EdgeRefusals.Refusal.of(kind, detail, http.method().name(), http.path(),
                EdgeGuards.singleAuthorization(http), http.remoteAddress() == null ? null
                        : http.remoteAddress().hostAddress());
        return Uni.createFrom().item(() -> edge.refuse(refusal)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
