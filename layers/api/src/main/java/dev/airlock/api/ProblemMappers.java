package dev.airlock.api;

import dev.airlock.core.model.ProblemKind;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors raised before a request reaches a resource still answer as problem+json, never as HTML. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return ApiResponses.problem(ProblemKind.NOT_FOUND, "There is nothing at " + uri.getPath()
                + ". Agents send SQL to POST /v1/sql.", uri.getPath());
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return ApiResponses.problem(ProblemKind.METHOD_NOT_ALLOWED, "This method is not allowed on "
                + uri.getPath() + "; allowed: " + e.getResponse().getAllowedMethods() + ".", uri.getPath());
    }

    @ServerExceptionMapper
    public Response notSupported(NotSupportedException e, UriInfo uri) {
        return ApiResponses.problem(ProblemKind.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.",
                uri.getPath());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return ApiResponses.problem(ProblemKind.MALFORMED_REQUEST, "The request body is too large.",
                    uri.getPath());
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        // Fail closed, and keep internals (and anything secret in them) out of the response.
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return ApiResponses.problem(ProblemKind.INTERNAL, "Airlock hit an unexpected error. Nothing further ran.",
                uri.getPath());
    }
}
